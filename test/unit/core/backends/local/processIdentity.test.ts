import * as assert from 'node:assert/strict';
import { processStartToken, type ProcessProbe } from '../../../../../src/core/backends/local/processIdentity';

function probe(platform: NodeJS.Platform, answers: Record<string, string>): ProcessProbe & { asked: string[] } {
	const asked: string[] = [];
	return {
		platform,
		asked,
		readFile: (file) => (file in answers ? Promise.resolve(answers[file]) : Promise.reject(new Error('ENOENT'))),
		run: (command, args) => {
			const line = [command, ...args].join(' ');
			asked.push(line);
			return line in answers ? Promise.resolve(answers[line]) : Promise.reject(new Error('exit 1'));
		},
	};
}

describe('processStartToken (telling a process from a newcomer with its reused id)', () => {
	it('reads the start time in clock ticks from /proc on Linux, whatever the command name holds', async () => {
		const stat = '4242 (python3 (a) b) S 1 4242 4242 0 -1 4194560 900 0 0 0 12 3 0 0 20 0 1 0 987654 1000 200 18446744073709551615\n';
		assert.equal(await processStartToken(4242, probe('linux', { '/proc/4242/stat': stat })), '987654');
	});

	it('counts a zombie and a missing process as gone', async () => {
		const zombie = '7 (python3) Z 1 7 7 0 -1 4194560 900 0 0 0 12 3 0 0 20 0 1 0 5555 0 0\n';
		assert.equal(await processStartToken(7, probe('linux', { '/proc/7/stat': zombie })), undefined);
		assert.equal(await processStartToken(8, probe('linux', {})), undefined);
		assert.equal(await processStartToken(0, probe('linux', {})), undefined);
		assert.equal(await processStartToken(-5, probe('darwin', {})), undefined);
	});

	it('asks ps on macOS and PowerShell on Windows, without a shell', async () => {
		const mac = probe('darwin', { 'ps -o lstart= -p 99': 'Sun Dec  6 02:38:10 2026\n' });
		assert.equal(await processStartToken(99, mac), 'Sun Dec  6 02:38:10 2026');
		assert.equal(await processStartToken(100, mac), undefined);
		const windows = probe('win32', {
			'powershell.exe -NoProfile -NonInteractive -Command (Get-Process -Id 99 -ErrorAction Stop).StartTime.ToFileTimeUtc()': '134092345678901234\r\n',
		});
		assert.equal(await processStartToken(99, windows), '134092345678901234');
		assert.equal(await processStartToken(100, windows), undefined);
	});

	it('gives the same token each time it is asked about a running process', async () => {
		const own = await processStartToken(process.pid);
		assert.ok(own, 'no token for this process');
		assert.equal(await processStartToken(process.pid), own);
	});
});
