/**
 * Accounts AWS itself uses to act for a service, so that a grant to one can be named for what it
 * is. Elastic Load Balancing delivers access logs from one account per Region, which bucket
 * policies name (`arn:aws:iam::127311923021:root`); Regions opened since August 2022 use the
 * `logdelivery.elasticloadbalancing.amazonaws.com` service principal instead (ELB User Guide,
 * "Enable access logs for your Application Load Balancer").
 */
const ELB_LOG_DELIVERY: Readonly<Record<string, string>> = {
  '127311923021': 'us-east-1',
  '033677994240': 'us-east-2',
  '027434742980': 'us-west-1',
  '797873946194': 'us-west-2',
  '098369216593': 'af-south-1',
  '754344448648': 'ap-east-1',
  '589379963580': 'ap-southeast-3',
  '718504428378': 'ap-south-1',
  '383597477331': 'ap-northeast-3',
  '600734575887': 'ap-northeast-2',
  '114774131450': 'ap-southeast-1',
  '783225319266': 'ap-southeast-2',
  '582318560864': 'ap-northeast-1',
  '985666609251': 'ca-central-1',
  '054676820928': 'eu-central-1',
  '156460612806': 'eu-west-1',
  '652711504416': 'eu-west-2',
  '635631232127': 'eu-south-1',
  '009996457667': 'eu-west-3',
  '897822967062': 'eu-north-1',
  '076674570225': 'me-south-1',
  '507241528517': 'sa-east-1',
};

/** What an AWS-owned account is for (`Elastic Load Balancing log delivery in eu-west-1`), if it is one we know. */
export function awsServiceAccount(account: string): string | undefined {
  const region = Object.hasOwn(ELB_LOG_DELIVERY, account) ? ELB_LOG_DELIVERY[account] : undefined;
  return region === undefined ? undefined : `Elastic Load Balancing log delivery in ${region}`;
}
