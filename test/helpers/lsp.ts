/**
 * A minimal Language Server Protocol client over stdio (Content-Length framed JSON-RPC), enough to
 * drive yaml-language-server as an editor does: initialize, open a document, read its diagnostics,
 * ask for completions. Written here because the protocol part needed is 60 lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
}

export interface LspClient {
  /** Opens a document and resolves with the first diagnostics published for it. */
  open(file: string, text: string): Promise<LspDiagnostic[]>;
  /** Completion items at a 0-based position of an open document. */
  completion(file: string, line: number, character: number): Promise<Array<{ label: string; detail?: string; documentation?: unknown }>>;
  close(): Promise<void>;
}

/** Starts yaml-language-server (the devDependency) on stdio for a workspace folder. */
export async function startYamlLanguageServer(rootDir: string): Promise<LspClient> {
  const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('yaml-language-server/package.json')), 'bin', 'yaml-language-server');
  const child: ChildProcess = spawn(process.execPath, [bin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  const diagnosticWaiters = new Map<string, (d: LspDiagnostic[]) => void>();
  const settings = { yaml: { validate: true, completion: true, hover: true, schemas: {}, schemaStore: { enable: false }, format: { enable: false } } };

  const send = (message: object) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin!.write(body);
  };
  const request = (method: string, params: unknown) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      send({ id, method, params });
    });
  const onMessage = (msg: { id?: number; method?: string; params?: unknown; result?: unknown }) => {
    if (msg.method === undefined && msg.id !== undefined) return pending.get(msg.id)?.(msg.result);
    if (msg.method === 'textDocument/publishDiagnostics') {
      const p = msg.params as { uri: string; diagnostics: LspDiagnostic[] };
      diagnosticWaiters.get(p.uri)?.(p.diagnostics);
      diagnosticWaiters.delete(p.uri);
      return;
    }
    // Requests from the server: settings, capability registration, progress tokens.
    if (msg.id !== undefined) {
      const items = (msg.params as { items?: unknown[] } | undefined)?.items;
      const result = msg.method === 'workspace/configuration' ? (items ?? []).map(() => settings.yaml) : null;
      send({ id: msg.id, result });
    }
  };

  let buffer = Buffer.alloc(0);
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('latin1'))?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      buffer = buffer.subarray(headerEnd + 4 + length);
      onMessage(JSON.parse(body) as Parameters<typeof onMessage>[0]);
    }
  });

  const rootUri = pathToFileURL(rootDir).href;
  await request('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'test' }],
    capabilities: {
      workspace: { configuration: true },
      textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } } },
    },
  });
  send({ method: 'initialized', params: {} });
  send({ method: 'workspace/didChangeConfiguration', params: { settings } });

  return {
    open(file, text) {
      const uri = pathToFileURL(file).href;
      const diagnostics = new Promise<LspDiagnostic[]>((resolve) => diagnosticWaiters.set(uri, resolve));
      send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } });
      return diagnostics;
    },
    async completion(file, line, character) {
      const result = (await request('textDocument/completion', { textDocument: { uri: pathToFileURL(file).href }, position: { line, character } })) as
        | { items: Array<{ label: string; detail?: string }> }
        | Array<{ label: string; detail?: string }>
        | null;
      return Array.isArray(result) ? result : (result?.items ?? []);
    },
    async close() {
      await request('shutdown', null);
      send({ method: 'exit' });
      await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    },
  };
}
