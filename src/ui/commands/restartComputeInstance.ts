import { runInstanceCommand } from '../compute/runInstanceCommand';
import type { Services } from '../services';
import type { TreeNode } from '../tree/TreeNode';

/** "Restart" on a compute instance (shown only when its state allows it). */
export function restartComputeInstance(services: Services, node?: TreeNode): Promise<void> {
	return runInstanceCommand(services, node, 'restart');
}
