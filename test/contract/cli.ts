// `npm run conformance`: replays the recorded Azure ML traffic against the emulator and the core
// client, prints one line per operation, then (last) one JSON line with the totals.
import { AzureMlEmulator } from '../emulator/AzureMlEmulator';
import { checkConformance } from './conformance';

async function main(): Promise<void> {
	const emulator = await AzureMlEmulator.start({ pace: 'fast' });
	try {
		const { verdicts, unused, summary } = await checkConformance(emulator);
		for (const verdict of verdicts) {
			const mark = verdict.problems.length === 0 ? 'ok  ' : 'FAIL';
			console.log(`${mark} ${verdict.key}  (${verdict.samples} recorded, ${verdict.requests} sent by the client)`);
			for (const problem of verdict.problems) {
				console.log(`       ${problem}`);
			}
		}
		console.log(`Recorded but not used by the extension: ${unused.join('; ')}`);
		console.log(JSON.stringify(summary));
		process.exitCode = summary.unmatched.length === 0 ? 0 : 1;
	} finally {
		await emulator.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
