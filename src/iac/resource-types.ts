/** Inventory types both readers derive from an ARN. */

/** A Kinesis resource policy is set on a stream or on one of its consumers (`…:stream/NAME/consumer/CONSUMER:TIMESTAMP`). */
export function kinesisType(arn: string): string {
  return arn.includes('/consumer/') ? 'AWS::Kinesis::StreamConsumer' : 'AWS::Kinesis::Stream';
}
