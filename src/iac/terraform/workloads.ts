/**
 * Which application runs as which role: ECS task definitions, Lambda functions, and EC2
 * instances and launch templates through their instance profiles.
 */
import type { Workload } from '../../model/inventory.js';
import { iamArn, parseIamArn } from '../arn.js';
import type { Handler } from './handler.js';
import type { TfInstance } from './instances.js';
import type { PlanSide } from './side.js';

export const WORKLOAD_HANDLERS: Record<string, Handler> = {
  aws_ecs_task_definition: {
    phase: 'use',
    read: (side, inst) => {
      const name = side.string(inst, 'family') ?? inst.address;
      roleWorkload(side, inst, 'task_role_arn', 'ecs-task', name);
      roleWorkload(side, inst, 'execution_role_arn', 'ecs-task-execution', name);
    },
  },
  aws_lambda_function: {
    phase: 'use',
    read: (side, inst) => roleWorkload(side, inst, 'role', 'lambda', side.string(inst, 'function_name') ?? inst.address),
  },
  aws_instance: {
    phase: 'use',
    read: (side, inst) => profileWorkload(side, inst, side.pointer(inst, 'iam_instance_profile'), 'ec2-instance', 'iam_instance_profile'),
  },
  aws_launch_template: {
    phase: 'use',
    read: (side, inst) => {
      const [block] = side.blocks(inst, 'iam_instance_profile') ?? [];
      if (!block) return;
      const pointer = side.pointer(block, 'arn') ?? side.pointer(block, 'name');
      profileWorkload(side, inst, pointer, 'launch-template', 'iam_instance_profile');
    },
  },
  aws_launch_configuration: {
    phase: 'use',
    read: (side, inst) => profileWorkload(side, inst, side.pointer(inst, 'iam_instance_profile'), 'launch-template', 'iam_instance_profile'),
  },
};

function roleWorkload(side: PlanSide, inst: TfInstance, attribute: string, kind: Workload['kind'], name: string): void {
  const pointer = side.pointer(inst, attribute);
  if (pointer === undefined) {
    if (side.isUnknown(inst, attribute)) side.unknown(inst, attribute, inst.address);
    return;
  }
  // The role may be given by name; AWS then uses the role of that name in the account.
  const roleArn = 'arn' in pointer ? pointer.arn : pointer.value.startsWith('arn:') ? pointer.value : iamArn(side.facts.partition, side.account, 'role', '/', pointer.value);
  side.builder.addWorkload({ id: inst.address, kind, name, roleArn, source: side.source(inst) });
}

function profileWorkload(
  side: PlanSide,
  inst: TfInstance,
  pointer: ReturnType<PlanSide['pointer']>,
  kind: Workload['kind'],
  attribute: string,
): void {
  if (pointer === undefined) {
    if (side.isUnknown(inst, attribute)) side.unknown(inst, attribute, inst.address);
    return;
  }
  const ref = 'arn' in pointer ? pointer.arn : pointer.value;
  const profileName = parseIamArn(ref)?.name ?? ref;
  const profile = side.builder.instanceProfile(profileName);
  const name = side.tags(inst)['Name'] ?? side.string(inst, 'name') ?? inst.address;
  if (!profile) {
    side.builder.addNotice({
      level: 'warning',
      message: `${inst.address} runs with instance profile "${profileName}", which this plan does not declare: its role is not known`,
      source: side.source(inst),
    });
    return;
  }
  for (const roleArn of profile.roleArns) {
    side.builder.addWorkload({ id: inst.address, kind, name, roleArn, source: side.source(inst) });
  }
}
