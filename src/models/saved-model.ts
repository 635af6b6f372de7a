/**
 * A trained model on disk, with everything needed to use it on new data: the tfjs-format network
 * (model.json + weights.bin, loadable by any TensorFlow.js) and labelsleuth-model.json, which holds
 * the input preprocessing and class names. Loading validates the folder instead of trusting it.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { toolVersion } from '../version.js';
import { verifyOutputFolder } from '../util/output-manifest.js';
import { manifestProblem } from './manifest-shape.js';
import { MODEL_KIND, MODEL_VERSION, modelFiles, type ModelManifest } from './model-folder.js';

function joinWeights(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

/** The files of a model folder, as a name -> content map for writeStagedDir. */
export async function serializeModel(
  model: tfl.LayersModel,
  manifest: Omit<ModelManifest, 'kind' | 'version' | 'toolVersion' | 'weightsSha256'>,
): Promise<Map<string, string | Uint8Array>> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts) throw new Error('tfjs did not hand over the model artifacts');
  const weights = joinWeights(artifacts.weightData);
  const topology = {
    format: 'layers-model',
    generatedBy: `labelsleuth ${toolVersion}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [`./${modelFiles.weights}`], weights: artifacts.weightSpecs }],
  };
  const full: ModelManifest = {
    kind: MODEL_KIND,
    version: MODEL_VERSION,
    toolVersion,
    ...manifest,
    weightsSha256: createHash('sha256').update(weights).digest('hex'),
  };
  return new Map<string, string | Uint8Array>([
    [modelFiles.topology, JSON.stringify(topology) + '\n'],
    [modelFiles.weights, weights],
    [modelFiles.manifest, JSON.stringify(full, null, 2) + '\n'],
  ]);
}

async function readOrFail(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch {
    throw new UserError('file', `${dir}: no ${name}; --model must be a folder written by labelsleuth retrain`);
  }
}

function parseJson<T>(dir: string, name: string, bytes: Buffer): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new UserError('format', `${join(dir, name)}: not valid JSON; the model folder is damaged, retrain to write it again`);
  }
}

export interface LoadedModel {
  readonly model: tfl.LayersModel;
  readonly manifest: ModelManifest;
}

export async function loadSavedModel(dir: string): Promise<LoadedModel> {
  const [manifestBytes, topologyBytes, weights] = await Promise.all([
    readOrFail(dir, modelFiles.manifest),
    readOrFail(dir, modelFiles.topology),
    readOrFail(dir, modelFiles.weights),
  ]);
  const manifest = parseJson<ModelManifest>(dir, modelFiles.manifest, manifestBytes);
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new UserError('format', `${join(dir, modelFiles.manifest)}: not a JSON object; the model folder is damaged, retrain to write it again`);
  }
  if (manifest.kind !== MODEL_KIND) {
    throw new UserError('format', `${join(dir, modelFiles.manifest)}: not a labelsleuth model (kind ${JSON.stringify(manifest.kind)})`);
  }
  if (manifest.version !== MODEL_VERSION) {
    throw new UserError(
      'format',
      `${join(dir, modelFiles.manifest)}: model format version ${manifest.version}, this labelsleuth (${toolVersion}) reads version ${MODEL_VERSION}; retrain with this version`,
    );
  }
  const problem = manifestProblem(manifest);
  if (problem !== undefined) {
    throw new UserError('format', `${join(dir, modelFiles.manifest)}: ${problem}; the model folder is damaged, retrain to write it again`);
  }
  const sha = createHash('sha256').update(weights).digest('hex');
  if (sha !== manifest.weightsSha256) {
    throw new UserError(
      'format',
      `${join(dir, modelFiles.weights)}: does not match the checksum in ${modelFiles.manifest}; the file was changed or damaged, retrain to write it again`,
    );
  }
  // Every other file too: a changed topology (an activation), preprocessing (a mean) or class list
  // would silently change every prediction. Folders from before the manifest have the weights check only.
  await verifyOutputFolder(dir, MODEL_KIND, 'retrain to write the model again');
  const topology = parseJson<{ modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] }>(dir, modelFiles.topology, topologyBytes);
  const weightSpecs = topology.weightsManifest?.flatMap((g) => g.weights) ?? [];
  let model: tfl.LayersModel;
  try {
    const data = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
    model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: topology.modelTopology, weightSpecs, weightData: data }));
  } catch (e) {
    throw new UserError('format', `${join(dir, modelFiles.topology)}: cannot be loaded (${(e as Error).message.split('\n')[0]}); retrain to write the model again`);
  }
  const outputs = model.outputs[0]?.shape.at(-1);
  if (outputs !== manifest.classNames.length) {
    model.dispose();
    throw new UserError('format', `${dir}: the network has ${outputs} outputs but the manifest lists ${manifest.classNames.length} classes; retrain to write the model again`);
  }
  return { model, manifest };
}
