// `npm run bench -- <name>`: runs bench/<name>.ts and prints its figures as the last stdout line,
// one JSON object {"bench":"<name>", ...}. A benchmark reports; it never fails a test run.
import { existsSync } from 'node:fs';
import * as path from 'node:path';

interface Benchmark {
	run(): Promise<Record<string, unknown>>;
}

async function main(): Promise<void> {
	const name = process.argv[2];
	const file = name && /^[a-z0-9-]+$/.test(name) ? path.join(__dirname, `${name}.js`) : '';
	if (!file || !existsSync(file) || name === 'run') {
		console.error(`Usage: npm run bench -- <name>   (names: files in bench/ other than run.ts)`);
		process.exit(2);
	}
	const benchmark = (await import(file)) as Benchmark;
	const figures = await benchmark.run();
	console.log(JSON.stringify({ bench: name, ...figures }));
}

void main().then(() => process.exit(0));
