import { runInstanceCommand } from '../compute/runInstanceCommand';
import type { Services } from '../services';
import type { TreeNode } from '../tree/TreeNode';

/** "Start" on a compute instance (shown only when its state allows it). */
export function startComputeInstance(services: Services, node?: TreeNode): Promise<void> {
	return runInstanceCommand(services, node, 'start');
}
