/** Curated capabilities (see capability-table.ts): OpenSearch Service (and its Elasticsearch API). */
import type { CuratedService } from './capability-table.js';

export const OPENSEARCH: CuratedService = {
  service: 'es',
  notes: [
    'Only domains are curated: the actions on the `domain` resource type. OpenSearch applications, direct-query data sources, packages and VPC endpoints use the fallback.',
    'The documents of a domain are reached through its HTTP API (`ESHttp*`, asked about `domain/NAME/*`): GET and HEAD read data, PUT and PATCH write it, DELETE destroys it. POST both writes (indexing, bulk) and reads (`_search` takes a POST): read-data and write-data. A cross-cluster search reads the remote domain: read-data.',
    'Creating and updating indexes through the service API writes data; deleting an index or the domain destroys it: delete-data (the domain also administer-resource).',
  ],
  scope: {
    resourceTypes: ['domain'],
    description: 'domains: the actions on the `domain` resource type',
  },
  capabilities: {
    'read-data': [
      'ESCrossClusterGet', 'ESHttpGet', 'ESHttpHead', 'ESHttpPost',
    ],
    'write-data': [
      'CreateIndex', 'ESHttpPatch', 'ESHttpPost', 'ESHttpPut', 'UpdateIndex',
    ],
    'delete-data': [
      'DeleteDomain', 'DeleteElasticsearchDomain', 'DeleteIndex', 'ESHttpDelete',
    ],
    'administer-resource': [
      'AddDataSource', 'AddTags', 'AssociatePackage', 'AssociatePackages',
      'CancelDomainConfigChange', 'CancelElasticsearchServiceSoftwareUpdate',
      'CancelServiceSoftwareUpdate', 'CreateDomain', 'CreateElasticsearchDomain',
      'CreateOutboundConnection', 'CreateOutboundCrossClusterSearchConnection', 'DeleteDataSource',
      'DeleteDomain', 'DeleteElasticsearchDomain', 'DissociatePackage', 'DissociatePackages',
      'InsightFeedback', 'RemoveTags', 'RollbackElasticsearchServiceSoftwareUpdate',
      'RollbackServiceSoftwareUpdate', 'StartDomainMaintenance',
      'StartElasticsearchServiceSoftwareUpdate', 'StartServiceSoftwareUpdate', 'UpdateDataSource',
      'UpdateDomainConfig', 'UpdateElasticsearchDomainConfig', 'UpdateScheduledAction',
      'UpgradeDomain', 'UpgradeElasticsearchDomain',
    ],
    'read-config': [
      'DescribeDomain', 'DescribeDomainAutoTunes', 'DescribeDomainChangeProgress',
      'DescribeDomainConfig', 'DescribeDomainHealth', 'DescribeDomainNodes', 'DescribeDomains',
      'DescribeDryRunProgress', 'DescribeElasticsearchDomain', 'DescribeElasticsearchDomainConfig',
      'DescribeElasticsearchDomains', 'DescribeInsightDetails',
      'GetCompatibleElasticsearchVersions', 'GetCompatibleVersions', 'GetDataSource',
      'GetDomainMaintenanceStatus', 'GetIndex', 'GetUpgradeHistory', 'GetUpgradeStatus',
      'ListDataSources', 'ListDomainMaintenances', 'ListInsights', 'ListPackagesForDomain',
      'ListScheduledActions', 'ListTags',
    ],
  },
};
