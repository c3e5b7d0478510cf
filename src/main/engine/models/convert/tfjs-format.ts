import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** One weight entry of a TF.js weights manifest (tfjs-core io/types.ts WeightsManifestEntry). */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  quantization?: {
    dtype: 'float16' | 'uint8' | 'uint16';
    scale?: number;
    min?: number;
    original_dtype?: string;
  };
}

export interface TfjsWeightGroup {
  paths: string[];
  weights: TfjsWeightSpec[];
}

/** A TF attribute value as the TF.js converter writes it into model.json (protobuf JSON mapping). */
export interface TfjsAttrValue {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean };
  list?: { s?: string[]; i?: (string | number)[]; f?: number[]; b?: boolean[]; type?: string[] };
  tensor?: unknown;
}

export interface TfjsNodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfjsAttrValue>;
}

interface SignatureTensor {
  name: string;
  dtype?: string;
  tensorShape?: { dim?: { size?: string | number }[] };
}

export interface TfjsSignature {
  inputs?: Record<string, SignatureTensor>;
  outputs?: Record<string, SignatureTensor>;
}

export interface TfjsModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: { node: TfjsNodeDef[]; library?: { function?: unknown[] }; versions?: { producer?: number } };
  weightsManifest: TfjsWeightGroup[];
  signature?: TfjsSignature;
  userDefinedMetadata?: { signature?: TfjsSignature };
}

/** A graph model as read from disk: its model.json and the concatenated bytes of its weight shards. */
export interface TfjsGraphModelFiles {
  modelJsonPath: string;
  json: TfjsModelJson;
  /** Shard bytes per weight group, in manifest order. */
  groupBytes: Uint8Array[];
}

/** Reads model.json and its shards; errors name the file that is missing or malformed. */
export async function readTfjsGraphModel(modelJsonPath: string): Promise<TfjsGraphModelFiles> {
  let json: TfjsModelJson;
  try {
    json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as TfjsModelJson;
  } catch (cause) {
    throw new Error(`Cannot read TF.js model ${modelJsonPath}: ${(cause as Error).message}`, { cause });
  }
  if (!json?.modelTopology?.node || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${modelJsonPath} is not a TF.js graph model (no modelTopology.node or weightsManifest)`);
  }
  if (json.modelTopology.library?.function?.length) {
    throw new Error(`${modelJsonPath} uses control-flow functions, which the converter does not support`);
  }
  const dir = path.dirname(modelJsonPath);
  const groupBytes: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    const shards = await Promise.all(group.paths.map((shard) => readFile(path.join(dir, shard))));
    groupBytes.push(new Uint8Array(Buffer.concat(shards)));
  }
  return { modelJsonPath, json, groupBytes };
}

/** The signature block: newer converters put it at the top level, older ones under userDefinedMetadata. */
export function signatureOf(json: TfjsModelJson): TfjsSignature | undefined {
  return json.signature ?? json.userDefinedMetadata?.signature;
}
