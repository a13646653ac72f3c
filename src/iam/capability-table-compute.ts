/** Curated capabilities (see capability-table.ts): Lambda, ECR, CodeArtifact and API Gateway's execute-api. */
import type { CuratedService } from './capability-table.js';

export const LAMBDA: CuratedService = {
  service: 'lambda',
  notes: [
    'Invoking a function (directly, asynchronously or through its URL) is use-resource, as is running and connecting to Lambda microVMs.',
    'Durable executions hold a function\'s intermediate state: reading it is read-data, checkpoints and callbacks write it.',
    'Changing code or configuration, and passing capacity providers or network connectors, is administer-resource.',
  ],
  capabilities: {
    'read-data': [
      'GetDurableExecution', 'GetDurableExecutionHistory', 'GetDurableExecutionState',
    ],
    'write-data': [
      'CheckpointDurableExecution', 'SendDurableExecutionCallbackFailure',
      'SendDurableExecutionCallbackHeartbeat', 'SendDurableExecutionCallbackSuccess',
    ],
    'use-resource': [
      'ConnectMicrovm', 'CreateMicrovmAuthToken', 'CreateMicrovmShellAuthToken', 'InvokeAsync',
      'InvokeFunction', 'InvokeFunctionUrl', 'ResumeMicrovm', 'RunMicrovm',
    ],
    'administer-resource': [
      'AddLayerVersionPermission', 'AddPermission', 'CreateAlias', 'CreateCapacityProvider',
      'CreateCodeSigningConfig', 'CreateEventSourceMapping', 'CreateFunction',
      'CreateFunctionUrlConfig', 'CreateMicrovmImage', 'CreateNetworkConnector', 'DeleteAlias',
      'DeleteCapacityProvider', 'DeleteCodeSigningConfig', 'DeleteEventSourceMapping',
      'DeleteFunction', 'DeleteFunctionCodeSigningConfig', 'DeleteFunctionConcurrency',
      'DeleteFunctionEventInvokeConfig', 'DeleteFunctionUrlConfig', 'DeleteLayerVersion',
      'DeleteMicrovmImage', 'DeleteMicrovmImageVersion', 'DeleteNetworkConnector',
      'DeleteProvisionedConcurrencyConfig', 'DeleteResourcePolicy', 'DisableReplication',
      'EnableReplication', 'PassCapacityProvider', 'PassNetworkConnector', 'PublishLayerVersion',
      'PublishVersion', 'PutFunctionCodeSigningConfig', 'PutFunctionConcurrency',
      'PutFunctionEventInvokeConfig', 'PutFunctionRecursionConfig', 'PutFunctionScalingConfig',
      'PutProvisionedConcurrencyConfig', 'PutResourcePolicy', 'PutRuntimeManagementConfig',
      'RemoveLayerVersionPermission', 'RemovePermission', 'StopDurableExecution', 'SuspendMicrovm',
      'TagResource', 'TerminateMicrovm', 'UntagResource', 'UpdateAlias', 'UpdateCapacityProvider',
      'UpdateCodeSigningConfig', 'UpdateEventSourceMapping', 'UpdateFunctionCode',
      'UpdateFunctionCodeSigningConfig', 'UpdateFunctionConfiguration',
      'UpdateFunctionEventInvokeConfig', 'UpdateFunctionUrlConfig', 'UpdateMicrovmImage',
      'UpdateMicrovmImageVersion', 'UpdateNetworkConnector',
    ],
    'read-config': [
      'GetAccountSettings', 'GetAlias', 'GetCapacityProvider', 'GetCodeSigningConfig',
      'GetEventSourceMapping', 'GetFunction', 'GetFunctionCodeSigningConfig',
      'GetFunctionConcurrency', 'GetFunctionConfiguration', 'GetFunctionEventInvokeConfig',
      'GetFunctionRecursionConfig', 'GetFunctionScalingConfig', 'GetFunctionUrlConfig',
      'GetLayerVersion', 'GetLayerVersionPolicy', 'GetMicrovm', 'GetMicrovmImage',
      'GetMicrovmImageBuild', 'GetMicrovmImageVersion', 'GetNetworkConnector', 'GetPolicy',
      'GetProvisionedConcurrencyConfig', 'GetResourcePolicy', 'GetRuntimeManagementConfig',
      'ListAliases', 'ListCapacityProviders', 'ListCodeSigningConfigs',
      'ListDurableExecutionsByFunction', 'ListEventSourceMappings',
      'ListFunctionEventInvokeConfigs', 'ListFunctionUrlConfigs',
      'ListFunctionVersionsByCapacityProvider', 'ListFunctions',
      'ListFunctionsByCodeSigningConfig', 'ListLayerVersions', 'ListLayers',
      'ListManagedMicrovmImageVersions', 'ListManagedMicrovmImages', 'ListMicrovmImageBuilds',
      'ListMicrovmImageVersions', 'ListMicrovmImages', 'ListMicrovms', 'ListNetworkConnectors',
      'ListProvisionedConcurrencyConfigs', 'ListTags', 'ListVersionsByFunction',
    ],
  },
};

export const ECR: CuratedService = {
  service: 'ecr',
  notes: [
    'Image layers are the data: pulling (`BatchGetImage`, `GetDownloadUrlForLayer`) reads, pushing writes, `BatchDeleteImage` deletes; `DeleteRepository` (which can force-delete images) is delete-data and administer-resource.',
    '`GetAuthorizationToken` is the registry login: use-resource.',
  ],
  capabilities: {
    'read-data': [
      'BatchGetImage', 'GetDownloadUrlForLayer',
    ],
    'write-data': [
      'BatchImportUpstreamImage', 'CompleteLayerUpload', 'InitiateLayerUpload', 'PutImage',
      'ReplicateImage', 'UploadLayerPart',
    ],
    'delete-data': [
      'BatchDeleteImage', 'DeleteRepository',
    ],
    'use-resource': [
      'GetAuthorizationToken',
    ],
    'administer-resource': [
      'CreatePullThroughCacheRule', 'CreateRepository', 'CreateRepositoryCreationTemplate',
      'DeleteLifecyclePolicy', 'DeletePullThroughCacheRule', 'DeleteRegistryPolicy',
      'DeleteRepository', 'DeleteRepositoryCreationTemplate', 'DeleteRepositoryPolicy',
      'DeleteSigningConfiguration', 'DeregisterPullTimeUpdateExclusion', 'PutAccountSetting',
      'PutImageScanningConfiguration', 'PutImageTagMutability', 'PutLifecyclePolicy',
      'PutRegistryPolicy', 'PutRegistryScanningConfiguration', 'PutReplicationConfiguration',
      'PutSigningConfiguration', 'RegisterPullTimeUpdateExclusion', 'SetRepositoryPolicy',
      'StartImageScan', 'StartLifecyclePolicyPreview', 'TagResource', 'UntagResource',
      'UpdateImageStorageClass', 'UpdatePullThroughCacheRule', 'UpdateRepositoryCreationTemplate',
    ],
    'read-config': [
      'BatchCheckLayerAvailability', 'BatchGetRepositoryScanningConfiguration',
      'DescribeImageReplicationStatus', 'DescribeImageScanFindings', 'DescribeImageSigningStatus',
      'DescribeImages', 'DescribePullThroughCacheRules', 'DescribeRegistry',
      'DescribeRepositories', 'DescribeRepositoryCreationTemplates', 'GetAccountSetting',
      'GetImageCopyStatus', 'GetLifecyclePolicy', 'GetLifecyclePolicyPreview', 'GetRegistryPolicy',
      'GetRegistryScanningConfiguration', 'GetRepositoryPolicy', 'GetSigningConfiguration',
      'ListImages', 'ListPullTimeUpdateExclusions', 'ListTagsForResource',
      'ValidatePullThroughCacheRule',
    ],
  },
};

export const EXECUTE_API: CuratedService = {
  service: 'execute-api',
  notes: [
    'Calling an API\'s methods (`Invoke`) is use-resource: what the call reads or writes is the backend\'s access, not the API\'s.',
    '`ManageConnections` posts messages to (and disconnects) the clients of a WebSocket API: write-data. Flushing a stage\'s cache is administer-resource.',
  ],
  capabilities: {
    'write-data': ['ManageConnections'],
    'use-resource': ['Invoke'],
    'administer-resource': ['InvalidateCache'],
  },
};

export const CODEARTIFACT: CuratedService = {
  service: 'codeartifact',
  notes: [
    'Packages are the data: downloading from a repository and reading assets or readmes is read-data; publishing, copying, changing metadata or the status of versions writes; deleting or disposing of versions, packages, repositories and domains destroys them: delete-data (repositories and domains also administer-resource).',
    '`GetAuthorizationToken` hands out the token every package client uses on a domain: use-resource.',
  ],
  capabilities: {
    'read-data': [
      'GetPackageVersionAsset', 'GetPackageVersionReadme', 'ReadFromRepository',
    ],
    'write-data': [
      'CopyPackageVersions', 'PublishPackageVersion', 'PutPackageMetadata', 'UpdatePackageVersionsStatus',
    ],
    'delete-data': [
      'DeleteDomain', 'DeletePackage', 'DeletePackageVersions', 'DeleteRepository', 'DisposePackageVersions',
    ],
    'use-resource': [
      'GetAuthorizationToken',
    ],
    'administer-resource': [
      'AssociateExternalConnection', 'AssociateWithDownstreamRepository', 'CreateDomain',
      'CreatePackageGroup', 'CreateRepository', 'DeleteDomain', 'DeleteDomainPermissionsPolicy',
      'DeletePackageGroup', 'DeleteRepository', 'DeleteRepositoryPermissionsPolicy',
      'DisassociateExternalConnection', 'PutDomainPermissionsPolicy', 'PutPackageOriginConfiguration',
      'PutRepositoryPermissionsPolicy', 'TagResource', 'UntagResource', 'UpdatePackageGroup',
      'UpdatePackageGroupOriginConfiguration', 'UpdateRepository',
    ],
    'read-config': [
      'DescribeDomain', 'DescribePackage', 'DescribePackageGroup', 'DescribePackageVersion',
      'DescribeRepository', 'GetAssociatedPackageGroup', 'GetDomainPermissionsPolicy',
      'GetRepositoryEndpoint', 'GetRepositoryPermissionsPolicy', 'ListAllowedRepositoriesForGroup',
      'ListAssociatedPackages', 'ListDomains', 'ListPackageGroups', 'ListPackageVersionAssets',
      'ListPackageVersionDependencies', 'ListPackageVersions', 'ListPackages', 'ListRepositories',
      'ListRepositoriesInDomain', 'ListSubPackageGroups', 'ListTagsForResource',
    ],
  },
};
