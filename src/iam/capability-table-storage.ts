/** Curated capabilities (see capability-table.ts): S3, KMS, DynamoDB, Secrets Manager and SSM Parameter Store. */
import type { CuratedService } from './capability-table.js';

export const S3: CuratedService = {
  service: 's3',
  notes: [
    'read-data, write-data, delete-data and administer-resource hold k9 Security\'s published S3 lists; read-config holds the remaining Get/List/Describe actions.',
    'Object annotations (S3 Metadata) are content written about objects: reading, writing and deleting them count as data, like object tags.',
    '`UpdateObjectEncryption` rewrites stored objects, so it is write-data.',
    '`GetDataAccess` (S3 Access Grants) hands out credentials to use the granted data: use-resource.',
    'Every other change to buckets, access points, Access Grants, jobs and Storage Lens is administer-resource; `DeleteBucket` too, as k9 has it (S3 only deletes empty buckets).',
  ],
  capabilities: {
    'read-data': [
      'GetObject', 'GetObjectAnnotation', 'GetObjectTorrent', 'GetObjectVersion',
      'GetObjectVersionAnnotation', 'GetObjectVersionAnnotationForReplication',
      'GetObjectVersionForReplication', 'GetObjectVersionTorrent', 'ListBucket',
      'ListObjectAnnotations', 'ListObjectVersionAnnotations',
    ],
    'write-data': [
      'AbortMultipartUpload', 'InitiateReplication', 'PutBucketTagging', 'PutObject',
      'PutObjectAnnotation', 'PutObjectTagging', 'PutObjectVersionAnnotation',
      'PutObjectVersionTagging', 'ReplicateDelete', 'ReplicateObject', 'ReplicateObjectAnnotation',
      'ReplicateTags', 'RestoreObject', 'UpdateObjectEncryption',
    ],
    'delete-data': [
      'DeleteObject', 'DeleteObjectAnnotation', 'DeleteObjectTagging', 'DeleteObjectVersion',
      'DeleteObjectVersionAnnotation', 'DeleteObjectVersionTagging',
    ],
    'use-resource': [
      'GetDataAccess',
    ],
    'administer-resource': [
      'AssociateAccessGrantsIdentityCenter', 'BypassGovernanceRetention', 'CreateAccessGrant',
      'CreateAccessGrantsInstance', 'CreateAccessGrantsLocation', 'CreateAccessPoint',
      'CreateAccessPointForObjectLambda', 'CreateBucket', 'CreateBucketMetadataTableConfiguration',
      'CreateJob', 'CreateMultiRegionAccessPoint', 'CreateStorageLensGroup', 'DeleteAccessGrant',
      'DeleteAccessGrantsInstance', 'DeleteAccessGrantsInstanceResourcePolicy',
      'DeleteAccessGrantsLocation', 'DeleteAccessPoint', 'DeleteAccessPointForObjectLambda',
      'DeleteAccessPointPolicy', 'DeleteAccessPointPolicyForObjectLambda', 'DeleteBucket',
      'DeleteBucketMetadataTableConfiguration', 'DeleteBucketPolicy', 'DeleteBucketWebsite',
      'DeleteJobTagging', 'DeleteMultiRegionAccessPoint', 'DeleteStorageLensConfiguration',
      'DeleteStorageLensConfigurationTagging', 'DeleteStorageLensGroup',
      'DissociateAccessGrantsIdentityCenter', 'ObjectOwnerOverrideToBucketOwner',
      'PauseReplication', 'PutAccelerateConfiguration', 'PutAccessGrantsInstanceResourcePolicy',
      'PutAccessPointConfigurationForObjectLambda', 'PutAccessPointPolicy',
      'PutAccessPointPolicyForObjectLambda', 'PutAccessPointPublicAccessBlock',
      'PutAccountPublicAccessBlock', 'PutAnalyticsConfiguration', 'PutBucketAbac', 'PutBucketAcl',
      'PutBucketCORS', 'PutBucketLogging', 'PutBucketNotification',
      'PutBucketObjectLockConfiguration', 'PutBucketOwnershipControls', 'PutBucketPolicy',
      'PutBucketPublicAccessBlock', 'PutBucketRequestPayment', 'PutBucketTagging',
      'PutBucketVersioning', 'PutBucketWebsite', 'PutEncryptionConfiguration',
      'PutIntelligentTieringConfiguration', 'PutInventoryConfiguration', 'PutJobTagging',
      'PutLifecycleConfiguration', 'PutMetricsConfiguration', 'PutMultiRegionAccessPointPolicy',
      'PutObjectAcl', 'PutObjectLegalHold', 'PutObjectRetention', 'PutObjectVersionAcl',
      'PutReplicationConfiguration', 'PutStorageLensConfiguration',
      'PutStorageLensConfigurationTagging', 'SubmitMultiRegionAccessPointRoutes', 'TagResource',
      'UntagResource', 'UpdateAccessGrantsLocation',
      'UpdateBucketMetadataAnnotationTableConfiguration',
      'UpdateBucketMetadataInventoryTableConfiguration',
      'UpdateBucketMetadataJournalTableConfiguration', 'UpdateJobPriority', 'UpdateJobStatus',
      'UpdateStorageLensGroup',
    ],
    'read-config': [
      'AllowVendedLogDeliveryForResource', 'DescribeJob',
      'DescribeMultiRegionAccessPointOperation', 'GetAccelerateConfiguration', 'GetAccessGrant',
      'GetAccessGrantsInstance', 'GetAccessGrantsInstanceForPrefix',
      'GetAccessGrantsInstanceResourcePolicy', 'GetAccessGrantsLocation', 'GetAccessPoint',
      'GetAccessPointConfigurationForObjectLambda', 'GetAccessPointForObjectLambda',
      'GetAccessPointPolicy', 'GetAccessPointPolicyForObjectLambda', 'GetAccessPointPolicyStatus',
      'GetAccessPointPolicyStatusForObjectLambda', 'GetAccountPublicAccessBlock',
      'GetAnalyticsConfiguration', 'GetBucketAbac', 'GetBucketAcl', 'GetBucketCORS',
      'GetBucketLocation', 'GetBucketLogging', 'GetBucketMetadataTableConfiguration',
      'GetBucketNotification', 'GetBucketObjectLockConfiguration', 'GetBucketOwnershipControls',
      'GetBucketPolicy', 'GetBucketPolicyStatus', 'GetBucketPublicAccessBlock',
      'GetBucketRequestPayment', 'GetBucketTagging', 'GetBucketVersioning', 'GetBucketWebsite',
      'GetEncryptionConfiguration', 'GetIntelligentTieringConfiguration',
      'GetInventoryConfiguration', 'GetJobTagging', 'GetLifecycleConfiguration',
      'GetMetricsConfiguration', 'GetMultiRegionAccessPoint', 'GetMultiRegionAccessPointPolicy',
      'GetMultiRegionAccessPointPolicyStatus', 'GetMultiRegionAccessPointRoutes', 'GetObjectAcl',
      'GetObjectAttributes', 'GetObjectLegalHold', 'GetObjectRetention', 'GetObjectTagging',
      'GetObjectVersionAcl', 'GetObjectVersionAttributes', 'GetObjectVersionTagging',
      'GetReplicationConfiguration', 'GetStorageLensConfiguration',
      'GetStorageLensConfigurationTagging', 'GetStorageLensDashboard', 'GetStorageLensGroup',
      'ListAccessGrants', 'ListAccessGrantsInstances', 'ListAccessGrantsLocations',
      'ListAccessPoints', 'ListAccessPointsForObjectLambda', 'ListAllMyBuckets',
      'ListBucketMultipartUploads', 'ListBucketVersions', 'ListCallerAccessGrants', 'ListJobs',
      'ListMultiRegionAccessPoints', 'ListMultipartUploadParts', 'ListStorageLensConfigurations',
      'ListStorageLensGroups', 'ListTagsForResource',
    ],
  },
};

export const KMS: CuratedService = {
  service: 'kms',
  notes: [
    'As k9 Security: decrypting and verifying read what a key protects; encrypting, signing and generating data keys write with it; deleting imported key material or a custom key store destroys what the key protects.',
    '`VerifyMac` and `DeriveSharedSecret` use the private key material like `Verify` and `Decrypt`: read-data. `GenerateMac` is like `Sign`: write-data.',
    'Key deletion, enabling, disabling, grants, aliases and rotation are administer-resource, as in k9.',
  ],
  capabilities: {
    'read-data': [
      'Decrypt', 'DeriveSharedSecret', 'Verify', 'VerifyMac',
    ],
    'write-data': [
      'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
      'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GenerateRandom', 'ImportKeyMaterial',
      'ReEncryptFrom', 'ReEncryptTo', 'Sign',
    ],
    'delete-data': [
      'DeleteCustomKeyStore', 'DeleteImportedKeyMaterial',
    ],
    'administer-resource': [
      'CancelKeyDeletion', 'ConnectCustomKeyStore', 'CreateAlias', 'CreateCustomKeyStore',
      'CreateGrant', 'CreateKey', 'DeleteAlias', 'DisableKey', 'DisableKeyRotation',
      'DisconnectCustomKeyStore', 'EnableKey', 'EnableKeyRotation', 'PutKeyPolicy', 'ReplicateKey',
      'RetireGrant', 'RevokeGrant', 'RotateKeyOnDemand', 'ScheduleKeyDeletion',
      'SynchronizeMultiRegionKey', 'TagResource', 'UntagResource', 'UpdateAlias',
      'UpdateCustomKeyStore', 'UpdateKeyDescription', 'UpdatePrimaryRegion',
    ],
    'read-config': [
      'DescribeCustomKeyStores', 'DescribeKey', 'GetKeyLastUsage', 'GetKeyPolicy',
      'GetKeyRotationStatus', 'GetParametersForImport', 'GetPublicKey', 'ListAliases',
      'ListGrants', 'ListKeyPolicies', 'ListKeyRotations', 'ListKeys', 'ListResourceTags',
      'ListRetirableGrants',
    ],
  },
};

export const DYNAMODB: CuratedService = {
  service: 'dynamodb',
  notes: [
    'Items are the data: item reads (also through streams, exports and vector search) are read-data; item writes are write-data.',
    '`BatchWriteItem` also deletes items (`DeleteRequest`), so it is write-data and delete-data; `DeleteTable` and `DeleteBackup` destroy data: delete-data.',
    'Creating tables, backups and restores (which make new tables) and all settings are administer-resource.',
  ],
  capabilities: {
    'read-data': [
      'BatchGetItem', 'ConditionCheckItem', 'ExportTableToPointInTime', 'GetItem', 'GetRecords',
      'GetShardIterator', 'PartiQLSelect', 'Query', 'ReadDataForReplication', 'Scan',
      'SearchVectors',
    ],
    'write-data': [
      'BatchWriteItem', 'PartiQLInsert', 'PartiQLUpdate', 'PutItem', 'UpdateItem',
      'WriteDataForReplication',
    ],
    'delete-data': [
      'BatchWriteItem', 'DeleteBackup', 'DeleteItem', 'DeleteTable', 'PartiQLDelete',
    ],
    'administer-resource': [
      'AssociateTableReplica', 'CreateBackup', 'CreateGlobalTable', 'CreateGlobalTableWitness',
      'CreateTable', 'CreateTableReplica', 'DeleteGlobalTableWitness', 'DeleteResourcePolicy',
      'DeleteTableReplica', 'DisableKinesisStreamingDestination',
      'EnableKinesisStreamingDestination', 'ImportTable', 'InjectError',
      'PurchaseReservedCapacityOfferings', 'PutResourcePolicy', 'ReplicateSettings',
      'RestoreTableFromAwsBackup', 'RestoreTableFromBackup', 'RestoreTableToPointInTime',
      'StartAwsBackupJob', 'TagResource', 'UntagResource', 'UpdateAbacStatus',
      'UpdateContinuousBackups', 'UpdateContributorInsights', 'UpdateGlobalTable',
      'UpdateGlobalTableSettings', 'UpdateGlobalTableVersion', 'UpdateKinesisStreamingDestination',
      'UpdateTable', 'UpdateTableReplicaAutoScaling', 'UpdateTimeToLive',
    ],
    'read-config': [
      'DescribeBackup', 'DescribeContinuousBackups', 'DescribeContributorInsights',
      'DescribeEndpoints', 'DescribeExport', 'DescribeGlobalTable', 'DescribeGlobalTableSettings',
      'DescribeImport', 'DescribeKinesisStreamingDestination', 'DescribeLimits',
      'DescribeReservedCapacity', 'DescribeReservedCapacityOfferings', 'DescribeStream',
      'DescribeTable', 'DescribeTableReplicaAutoScaling', 'DescribeTimeToLive', 'GetAbacStatus',
      'GetResourcePolicy', 'ListBackups', 'ListContributorInsights', 'ListExports',
      'ListGlobalTables', 'ListImports', 'ListStreams', 'ListTables', 'ListTagsOfResource',
    ],
  },
};

export const SECRETSMANAGER: CuratedService = {
  service: 'secretsmanager',
  notes: [
    'The secret value is the data: `GetSecretValue`/`BatchGetSecretValue` read it; `PutSecretValue`, `RotateSecret` and `UpdateSecretVersionStage` change it; `UpdateSecret` can change both the value and the settings.',
    '`ValidateResourcePolicy` only checks a policy document: read-config.',
  ],
  capabilities: {
    'read-data': [
      'BatchGetSecretValue', 'GetSecretValue',
    ],
    'write-data': [
      'PutSecretValue', 'RotateSecret', 'UpdateSecret', 'UpdateSecretVersionStage',
    ],
    'delete-data': [
      'DeleteSecret',
    ],
    'administer-resource': [
      'CancelRotateSecret', 'CreateSecret', 'DeleteResourcePolicy', 'PutResourcePolicy',
      'RemoveRegionsFromReplication', 'ReplicateSecretToRegions', 'RestoreSecret',
      'StopReplicationToReplica', 'TagResource', 'UntagResource', 'UpdateSecret',
    ],
    'read-config': [
      'DescribeSecret', 'GetRandomPassword', 'GetResourcePolicy', 'ListSecretVersionIds',
      'ListSecrets', 'ValidateResourcePolicy',
    ],
  },
};

export const SSM: CuratedService = {
  service: 'ssm',
  notes: [
    'Only Parameter Store is curated: the actions on the `parameter` resource type and `DescribeParameters`. The rest of Systems Manager uses the fallback.',
    '`GetParameterHistory` returns past values: read-data. Labels choose which version readers get: write-data.',
  ],
  scope: {
    resourceTypes: ['parameter'],
    description: 'Parameter Store: the actions on parameters',
  },
  capabilities: {
    'read-data': [
      'GetParameter', 'GetParameterHistory', 'GetParameters', 'GetParametersByPath',
    ],
    'write-data': [
      'LabelParameterVersion', 'PutParameter', 'UnlabelParameterVersion',
    ],
    'delete-data': [
      'DeleteParameter', 'DeleteParameters',
    ],
    'administer-resource': [
      'AddTagsToResource', 'DeleteResourcePolicy', 'PutResourcePolicy', 'RemoveTagsFromResource',
    ],
    'read-config': [
      'DescribeParameters', 'GetResourcePolicies', 'ListTagsForResource',
    ],
  },
};
