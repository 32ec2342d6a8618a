/** `masko-sync doctor` against every emulator dialect: free, read-only, names the variant, exit 0. */
import { describe, expect, test } from 'vitest';
import { readCollection, readProject, readSubmitted } from '../../src/api/read-wire.js';
import { runCli } from '../helpers/cli.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { tempProject } from '../helpers/project.js';
import { ALL_DIALECTS } from '../helpers/sync-fixtures.js';

describe.concurrent.each(ALL_DIALECTS)('doctor against the %s dialect', (dialect) => {
  test('names the dialect, checks the job, long poll and CDN, spends nothing and exits 0', async ({ onTestFinished }) => {
    const emu = await startTestEmulator({ dialect });
    const project = await tempProject('version: 1\ncollection: { name: Fox, description: a fox }\nassets:\n  idle: { type: image, image_prompt: standing }\n');
    onTestFinished(async () => {
      await emu.close();
      await project.cleanup();
    });
    // A project, a collection and one finished job, made as a user would with curl.
    const post = async (path: string, body: unknown) => {
      const res = await fetch(emu.url + path, { method: 'POST', headers: { authorization: `Bearer ${emu.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await res.json()) as unknown;
    };
    const projectId = readProject(await post('/v1/projects', { name: 'Demo' }))!.id;
    const collectionId = readCollection(await post('/v1/collections', { name: 'Fox', project_id: projectId, description: 'a fox' }))!.id;
    const job = readSubmitted((await post(`/v1/collections/${collectionId}/generate`, { type: 'image', name: 'Idle', image_prompt: 'standing' })) as object);
    await emu.get(`/v1/jobs/${job.jobId}?wait=true`);
    const before = await emu.stats();

    const r = await runCli(['doctor', '--json'], { cwd: project.dir, env: emu.env });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { dialect: string; ok: boolean; checks: Array<{ name: string; status: string }> };
    expect(report.dialect).toBe(dialect);
    expect(report.ok).toBe(true);
    const status = Object.fromEntries(report.checks.map((c) => [c.name, c.status]));
    expect(status).toMatchObject({ key: 'ok', job_view: 'ok', long_poll: 'ok', cdn: 'ok', dialect: 'ok' });
    const after = await emu.stats();
    expect(after.credits_charged).toBe(before.credits_charged);
    expect(after.jobs_created).toBe(before.jobs_created);
    // Writes nothing but .masko/.
    expect((await project.files()).filter((f) => !f.startsWith('.masko/')).sort()).toEqual(['masko.yaml']);

    const human = await runCli(['doctor'], { cwd: project.dir, env: emu.env });
    expect(human.code).toBe(0);
    expect(human.stderr).toMatch(new RegExp(`look like the "${dialect}" variant`));
  });

  test('a refused key is a failed check: exit 1', async ({ onTestFinished }) => {
    const emu = await startTestEmulator({ dialect });
    const project = await tempProject('version: 1\ncollection: c\nassets: {}\n');
    onTestFinished(async () => {
      await emu.close();
      await project.cleanup();
    });
    const r = await runCli(['doctor', '--json'], { cwd: project.dir, env: { ...emu.env, MASKO_API_KEY: 'masko_' + '0'.repeat(64) } });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { checks: Array<{ name: string; status: string }> }).checks).toContainEqual(expect.objectContaining({ name: 'key', status: 'fail' }));
  });
});
