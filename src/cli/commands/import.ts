/** `masko-sync import [--collection <id>] [--dry-run]`: adopt a collection's items into masko.yaml and masko.lock, free. */
import { FILE_OPTION_HELP, type RegisterCommand } from '../context.js';
import { info, plural } from '../output.js';

/** Registers `import`. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('import')
    .description("adopt the items of an existing collection into masko.yaml and masko.lock (downloads their files; spends nothing)")
    .option('-f, --file <path>', FILE_OPTION_HELP)
    .option('--collection <id>', "the collection to import from (default: the manifest's, or masko.lock's)")
    .option('--dry-run', 'show the entries it would append and the items it would skip; write nothing', false)
    .option('--json', 'machine output on stdout (NDJSON events and a summary)', false)
    .option('--emulator', 'import from the in-process Masko emulator (state in .masko/emulator)', false)
    .option('--overwrite <paths>', 'replace these files in the way (comma-separated project paths, or "all"), which masko-sync did not make', (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((x) => x.trim()).filter(Boolean)])
    .action(async (o: { file?: string; collection?: string; dryRun: boolean; json: boolean; emulator: boolean; overwrite?: string[] }) => {
      const [{ importCollection }, { operationContext }] = await Promise.all([import('../../operations/import.js'), import('../operation-context.js')]);
      const report = await importCollection(operationContext(ctx), {
        ...(o.file !== undefined ? { file: o.file } : {}),
        ...(o.collection !== undefined ? { collection: o.collection } : {}),
        dryRun: o.dryRun,
        emulator: o.emulator,
        ...(o.overwrite !== undefined ? { overwrite: o.overwrite } : {}),
        onEvent: (e) => {
          if (o.json) return ctx.stdout(JSON.stringify({ event: e.type === 'imported' ? (o.dryRun ? 'would_import' : 'imported') : e.type, ...('asset' in e ? e.asset : 'skip' in e ? e.skip : { message: e.message }) }) + '\n');
          if (e.type === 'imported') info(ctx, `${o.dryRun ? 'would import' : 'imported'} ${e.asset.id} (${e.asset.kind}${e.asset.marked ? ', imported: true' : ''}) from item ${e.asset.item_id}: ${e.asset.files.join(', ')}`);
          else if (e.type === 'skipped') info(ctx, `skipping item ${e.skip.item_id}${e.skip.name !== undefined ? ` (${JSON.stringify(e.skip.name)})` : ''}: ${e.skip.reason}`);
          else ctx.stderr(`warning: ${e.message}\n`);
        },
      });
      if (o.json) {
        ctx.stdout(JSON.stringify({ event: 'summary', dry_run: report.dryRun, collection: report.collection, imported: report.imported, skipped: report.skipped, yaml: report.yaml, credits_spent: 0, exit_code: report.exitCode }) + '\n');
      } else if (report.dryRun) {
        if (report.yaml) ctx.stdout(report.yaml);
        info(ctx, `import --dry-run: would append ${plural(report.imported.length, 'asset')} to ${report.displayName} (${plural(report.skipped.length, 'item')} skipped); nothing was written`);
      } else {
        info(ctx, `import: ${plural(report.imported.length, 'asset')} added to ${report.displayName} and masko.lock from collection ${report.collection} (${plural(report.skipped.length, 'item')} skipped); 0 credits spent. \`masko-sync plan\` shows them unchanged.`);
      }
      ctx.exitCode = report.exitCode;
    });
};
