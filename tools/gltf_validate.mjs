#!/usr/bin/env node
// Validates glTF 2.0 files (.glb or .gltf) with the Khronos glTF validator
// (npm package gltf-validator, installed by tools/setup.sh into .deps/node).
//   node tools/gltf_validate.mjs [--strict] FILE...
// Prints each file's validation report as JSON on stdout. Exit code: 0 valid,
// 1 errors found (with --strict: errors or warnings), 2 usage or setup problem.
// GLTF_VALIDATOR_DIR overrides where the package is looked up.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = process.env.GLTF_VALIDATOR_DIR ??
  path.join(here, '..', '.deps', 'node', 'node_modules', 'gltf-validator');

let validator;
try {
  validator = createRequire(import.meta.url)(packageDir);
} catch (error) {
  console.error(`gltf_validate: cannot load gltf-validator from ${packageDir} (run tools/setup.sh): ${error.message}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const files = args.filter((a) => a !== '--strict');
if (files.length === 0) {
  console.error('usage: node tools/gltf_validate.mjs [--strict] FILE...');
  process.exit(2);
}

let failed = false;
for (const file of files) {
  let data;
  try {
    data = await readFile(file);
  } catch (error) {
    console.error(`gltf_validate: ${file}: ${error.message}`);
    process.exit(2);
  }
  const report = await validator.validateBytes(new Uint8Array(data), {
    uri: path.basename(file),
    maxIssues: 1000,
    // Resolves external buffers and images next to the file (.gltf with .bin).
    externalResourceFunction: (uri) =>
      readFile(path.resolve(path.dirname(file), decodeURIComponent(uri))).then((b) => new Uint8Array(b)),
  });
  console.log(JSON.stringify(report, null, 2));
  const { numErrors, numWarnings } = report.issues;
  if (numErrors > 0 || (strict && numWarnings > 0)) failed = true;
}
process.exit(failed ? 1 : 0);
