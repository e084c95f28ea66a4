// Validates Kubernetes objects against the API schemas of kubernetes-models.
// Reads a multi-document YAML stream (e.g. `kubectl kustomize overlays/sqlserver`) on standard input and prints
// one JSON line per object: {"kind","name","valid","error"}. Exits 0 when every object is valid, 1 otherwise,
// 2 when the input cannot be read or names a kind with no model.
import * as yaml from 'js-yaml';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);

let documents;
try {
  documents = yaml.loadAll(Buffer.concat(chunks).toString('utf8')).filter((d) => d !== null && d !== undefined);
} catch (error) {
  console.log(JSON.stringify({ kind: null, name: null, valid: false, error: `not YAML: ${error.message}` }));
  process.exit(2);
}

let status = 0;
for (const object of documents) {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [null, object.apiVersion];
  const module = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  const name = object.metadata?.name ?? null;
  let Model;
  try {
    Model = (await import(module))[object.kind];
  } catch {
    Model = undefined;
  }

  if (!Model) {
    console.log(JSON.stringify({ kind: object.kind, name, valid: false, error: `no schema for ${object.apiVersion} ${object.kind}` }));
    status = 2;
    continue;
  }

  try {
    new Model(object).validate();
    console.log(JSON.stringify({ kind: object.kind, name, valid: true, error: null }));
  } catch (error) {
    console.log(JSON.stringify({ kind: object.kind, name, valid: false, error: error.message }));
    status = Math.max(status, 1);
  }
}

process.exit(status);
