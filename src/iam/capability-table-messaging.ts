/** Curated capabilities (see capability-table.ts): SQS, SNS, EventBridge, Kinesis and CloudWatch Logs. */
import type { CuratedService } from './capability-table.js';

export const SQS: CuratedService = {
  service: 'sqs',
  notes: [
    'As k9 Security: `DeleteQueue` and `PurgeQueue` are both delete-data and administer-resource.',
    '`StartMessageMoveTask` moves messages from a dead-letter queue back into a queue: write-data.',
  ],
  capabilities: {
    'read-data': [
      'ReceiveMessage',
    ],
    'write-data': [
      'ChangeMessageVisibility', 'SendMessage', 'StartMessageMoveTask',
    ],
    'delete-data': [
      'DeleteMessage', 'DeleteQueue', 'PurgeQueue',
    ],
    'administer-resource': [
      'AddPermission', 'CancelMessageMoveTask', 'CreateQueue', 'DeleteQueue', 'PurgeQueue',
      'RemovePermission', 'SetQueueAttributes', 'TagQueue', 'UntagQueue',
    ],
    'read-config': [
      'GetQueueAttributes', 'GetQueueUrl', 'ListDeadLetterSourceQueues', 'ListMessageMoveTasks',
      'ListQueueTags', 'ListQueues',
    ],
  },
};

export const SNS: CuratedService = {
  service: 'sns',
  notes: [
    'Messages are the data: `Publish` writes; `Subscribe` and `ConfirmSubscription` route the topic\'s messages to an endpoint of the subscriber\'s choice, so they read.',
    'SNS stores no messages, so deleting a topic is administer-resource.',
  ],
  capabilities: {
    'read-data': [
      'ConfirmSubscription', 'Subscribe',
    ],
    'write-data': [
      'Publish',
    ],
    'administer-resource': [
      'AddPermission', 'CreatePlatformApplication', 'CreatePlatformEndpoint',
      'CreateSMSSandboxPhoneNumber', 'CreateTopic', 'DeleteEndpoint', 'DeletePlatformApplication',
      'DeleteSMSSandboxPhoneNumber', 'DeleteTopic', 'OptInPhoneNumber', 'PutDataProtectionPolicy',
      'RemovePermission', 'SetEndpointAttributes', 'SetPlatformApplicationAttributes',
      'SetSMSAttributes', 'SetSubscriptionAttributes', 'SetTopicAttributes', 'TagResource',
      'Unsubscribe', 'UntagResource', 'VerifySMSSandboxPhoneNumber',
    ],
    'read-config': [
      'CheckIfPhoneNumberIsOptedOut', 'GetDataProtectionPolicy', 'GetEndpointAttributes',
      'GetPlatformApplicationAttributes', 'GetSMSAttributes', 'GetSMSSandboxAccountStatus',
      'GetSubscriptionAttributes', 'GetTopicAttributes', 'ListEndpointsByPlatformApplication',
      'ListOriginationNumbers', 'ListPhoneNumbersOptedOut', 'ListPlatformApplications',
      'ListSMSSandboxPhoneNumbers', 'ListSubscriptions', 'ListSubscriptionsByTopic',
      'ListTagsForResource', 'ListTopics',
    ],
  },
};

export const EVENTS: CuratedService = {
  service: 'events',
  notes: [
    'Events are the data: putting events (and replaying an archive onto a bus) writes; `PutTargets` sends a bus\'s events to a target of the caller\'s choice, so it reads as well as administers.',
    '`RetrieveConnectionCredentials` returns a connection\'s credentials: read-data. `InvokeApiDestination` is use-resource. `DeleteArchive` destroys archived events: delete-data.',
  ],
  capabilities: {
    'read-data': [
      'PutTargets', 'RetrieveConnectionCredentials',
    ],
    'write-data': [
      'PutEvents', 'PutPartnerEvents', 'PutRawEvents', 'StartReplay',
    ],
    'delete-data': [
      'DeleteArchive',
    ],
    'use-resource': [
      'InvokeApiDestination',
    ],
    'administer-resource': [
      'ActivateEventSource', 'AllowVendedLogDeliveryForResource', 'CancelReplay',
      'CreateApiDestination', 'CreateArchive', 'CreateConnection', 'CreateEndpoint',
      'CreateEventBus', 'CreateEventSource', 'CreatePartnerEventSource', 'CreateSubscriber',
      'DeactivateEventSource', 'DeauthorizeConnection', 'DeleteApiDestination', 'DeleteConnection',
      'DeleteEndpoint', 'DeleteEventBus', 'DeleteEventSource', 'DeletePartnerEventSource',
      'DeleteResourcePolicy', 'DeleteRule', 'DeleteSubscriber', 'DisableRule', 'EnableRule',
      'PutPermission', 'PutResourcePolicy', 'PutRule', 'PutTargets', 'RemovePermission',
      'RemoveTargets', 'RevokeResource', 'TagResource', 'UntagResource', 'UpdateApiDestination',
      'UpdateArchive', 'UpdateConnection', 'UpdateEndpoint', 'UpdateEventBus', 'UpdateEventSource',
      'UpdateSubscriber',
    ],
    'read-config': [
      'DescribeApiDestination', 'DescribeArchive', 'DescribeConnection', 'DescribeEndpoint',
      'DescribeEventBus', 'DescribeEventSource', 'DescribePartnerEventSource', 'DescribeReplay',
      'DescribeRule', 'DescribeSubscriber', 'GetResourcePolicy', 'ListApiDestinations',
      'ListArchives', 'ListConnections', 'ListEndpoints', 'ListEventBuses', 'ListEventSources',
      'ListPartnerEventSourceAccounts', 'ListPartnerEventSources', 'ListReplays',
      'ListResourcePolicies', 'ListRuleNamesByTarget', 'ListRules', 'ListSubscribers',
      'ListTagsForResource', 'ListTargetsByRule', 'TestEventPattern',
    ],
  },
};

export const KINESIS: CuratedService = {
  service: 'kinesis',
  notes: [
    'Records are the data: `GetRecords`, `GetShardIterator` and `SubscribeToShard` read; `PutRecord(s)` write; `DeleteStream` destroys the records (and the stream: administer-resource).',
  ],
  capabilities: {
    'read-data': [
      'GetRecords', 'GetShardIterator', 'SubscribeToShard',
    ],
    'write-data': [
      'PutRecord', 'PutRecords',
    ],
    'delete-data': [
      'DeleteStream',
    ],
    'administer-resource': [
      'AddTagsToStream', 'AssociateStreamsWithChannel', 'CreateChannel', 'CreateStream',
      'DecreaseStreamRetentionPeriod', 'DeleteChannel', 'DeleteResourcePolicy', 'DeleteStream',
      'DeregisterStreamConsumer', 'DisableEnhancedMonitoring', 'EnableEnhancedMonitoring',
      'IncreaseStreamRetentionPeriod', 'InjectApiError', 'MergeShards', 'PutResourcePolicy',
      'RegisterStreamConsumer', 'RemoveTagsFromStream', 'SplitShard', 'StartStreamEncryption',
      'StopStreamEncryption', 'TagResource', 'UntagResource', 'UpdateAccountSettings',
      'UpdateChannel', 'UpdateMaxRecordSize', 'UpdateShardCount', 'UpdateStreamMode',
      'UpdateStreamRecordDistributionStrategy', 'UpdateStreamWarmThroughput',
    ],
    'read-config': [
      'DescribeAccountSettings', 'DescribeChannel', 'DescribeLimits', 'DescribeStream',
      'DescribeStreamConsumer', 'DescribeStreamSummary', 'GetResourcePolicy', 'ListChannels',
      'ListShards', 'ListStreamConsumers', 'ListStreams', 'ListTagsForResource',
      'ListTagsForStream',
    ],
  },
};

export const LOGS: CuratedService = {
  service: 'logs',
  notes: [
    'Log events are the data: reading, querying, live tail, unmasking and export tasks are read-data; `PutSubscriptionFilter` streams a log group\'s events elsewhere, so it reads as well as administers.',
    '`PutLogEvents` and `CreateLogStream` write; deleting a log group or stream destroys events: delete-data (the log group also administer-resource).',
    '`CallWithBearerToken` lets a caller use the service with a bearer token: use-resource.',
  ],
  capabilities: {
    'read-data': [
      'CreateExportTask', 'FilterLogEvents', 'GetLogEvents', 'GetLogRecord', 'GetQueryResults',
      'PutSubscriptionFilter', 'StartLiveTail', 'StartQuery', 'Unmask',
    ],
    'write-data': [
      'CreateLogStream', 'PutLogEvents',
    ],
    'delete-data': [
      'DeleteLogGroup', 'DeleteLogStream',
    ],
    'use-resource': [
      'CallWithBearerToken',
    ],
    'administer-resource': [
      'AssociateKmsKey', 'AssociateSourceToS3TableIntegration', 'CancelExportTask',
      'CancelImportTask', 'CreateDelivery', 'CreateImportTask', 'CreateLogAnomalyDetector',
      'CreateLogDelivery', 'CreateLogGroup', 'CreateLookupTable', 'CreateScheduledQuery',
      'DeleteAccountPolicy', 'DeleteDataProtectionPolicy', 'DeleteDelivery',
      'DeleteDeliveryDestination', 'DeleteDeliveryDestinationPolicy', 'DeleteDeliverySource',
      'DeleteDestination', 'DeleteIndexPolicy', 'DeleteIntegration', 'DeleteLogAnomalyDetector',
      'DeleteLogDelivery', 'DeleteLogGroup', 'DeleteLookupTable', 'DeleteMetricFilter', 'DeletePipelineRule',
      'DeleteQueryDefinition', 'DeleteResourcePolicy', 'DeleteRetentionPolicy',
      'DeleteScheduledQuery', 'DeleteSubscriptionFilter', 'DeleteSyslogConfiguration',
      'DeleteTransformer', 'DisassociateKmsKey', 'DisassociateSourceFromS3TableIntegration',
      'IntegrateWithDataset', 'IntegrateWithS3Table', 'Link', 'ProcessWithPipeline',
      'PutAccountPolicy', 'PutBearerTokenAuthentication', 'PutDataProtectionPolicy',
      'PutDeliveryDestination', 'PutDeliveryDestinationPolicy', 'PutDeliverySource',
      'PutDestination', 'PutDestinationPolicy', 'PutIndexPolicy', 'PutIntegration',
      'PutLogGroupDeletionProtection', 'PutMetricFilter', 'PutPipelineRule', 'PutQueryDefinition',
      'PutResourcePolicy', 'PutRetentionPolicy', 'PutStorageTierPolicy', 'PutSubscriptionFilter',
      'PutSyslogConfiguration', 'PutTransformer', 'TagLogGroup', 'TagResource', 'UntagLogGroup',
      'UntagResource', 'UpdateAnomaly', 'UpdateDeliveryConfiguration', 'UpdateLogAnomalyDetector',
      'UpdateLogDelivery', 'UpdateLookupTable', 'UpdateScheduledQuery',
    ],
    'read-config': [
      'DescribeAccountPolicies', 'DescribeConfigurationTemplates', 'DescribeDeliveries',
      'DescribeDeliveryDestinations', 'DescribeDeliverySources', 'DescribeDestinations',
      'DescribeExportTasks', 'DescribeFieldIndexes', 'DescribeImportTaskBatches',
      'DescribeImportTasks', 'DescribeIndexPolicies', 'DescribeLogGroups', 'DescribeLogStreams',
      'DescribeLookupTables', 'DescribeMetricFilters', 'DescribeQueries',
      'DescribeQueryDefinitions', 'DescribeResourcePolicies', 'DescribeSubscriptionFilters',
      'GetDataProtectionPolicy', 'GetDelivery', 'GetDeliveryDestination',
      'GetDeliveryDestinationPolicy', 'GetDeliverySource', 'GetIntegration',
      'GetLogAnomalyDetector', 'GetLogDelivery', 'GetLogFields', 'GetLogGroupFields',
      'GetLookupTable', 'GetScheduledQuery', 'GetScheduledQueryHistory', 'GetStorageTierPolicy',
      'GetTransformer', 'ListAggregateLogGroupSummaries', 'ListAnomalies',
      'ListEntitiesForLogGroup', 'ListIntegrations', 'ListLogAnomalyDetectors',
      'ListLogDeliveries', 'ListLogGroups', 'ListLogGroupsForEntity', 'ListLogGroupsForQuery',
      'ListScheduledQueries', 'ListSourcesForS3TableIntegration', 'ListSyslogConfigurations',
      'ListTagsForResource', 'ListTagsLogGroup', 'StopLiveTail', 'StopQuery', 'TestMetricFilter',
      'TestTransformer',
    ],
  },
};
