#!/usr/bin/env node
// An independent client (kafkajs + @kafkajs/confluent-schema-registry) that proves Roster's records
// are readable, and its consumers can read, the Confluent wire format as the wider ecosystem writes it.
//
//   node interop.mjs consume --brokers B --registry URL --topic T --count N [--timeout-ms M]
//   node interop.mjs produce --brokers B --registry URL --topic T --key-schema FILE --value-schema FILE
//                            --records FILE.json [--subject-prefix P] [--timeout-ms M]
//
// stdout carries only JSON lines (the result); diagnostics go to stderr. Exit code 0 on success,
// 1 on failure (with a message on stderr), 2 on a usage error; a timeout always ends the process.
//
// JSON conventions for decoded Avro: longs are numbers (avsc decodes them as JS numbers), bytes and
// fixed are base64 strings, a BigInt (only if a caller's schema options create one) is a number when
// it is safe and a string otherwise.
import { readFileSync } from 'node:fs';
import kafkajs from 'kafkajs';
import schemaRegistry from '@kafkajs/confluent-schema-registry';

const { Kafka, Partitioners, logLevel } = kafkajs;
const { SchemaRegistry, SchemaType } = schemaRegistry;

const DEFAULT_TIMEOUT_MS = 60_000;
const MAGIC_BYTE = 0;

class UsageError extends Error {}

function parseFlags(argv) {
  const flags = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    if (!name.startsWith('--') || i + 1 >= argv.length) {
      throw new UsageError(`expected "--flag value" pairs, got "${argv.slice(i).join(' ')}"`);
    }
    flags[name.slice(2)] = argv[i + 1];
  }
  return flags;
}

function required(flags, name) {
  const value = flags[name];
  if (value === undefined || value === '') {
    throw new UsageError(`missing --${name}`);
  }
  return value;
}

function positiveInt(flags, name, fallback) {
  const raw = flags[name] ?? (fallback === undefined ? required(flags, name) : String(fallback));
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new UsageError(`--${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

// kafkajs logs to stdout by default, which would corrupt the JSON lines: send its warnings to stderr.
function stderrLogCreator() {
  return ({ namespace, level, label, log }) => {
    const { message, ...extra } = log;
    process.stderr.write(`[kafkajs ${label} ${namespace}] ${message} ${JSON.stringify(extra)}\n`);
  };
}

function kafkaClient(flags) {
  return new Kafka({
    clientId: 'roster-node-interop',
    brokers: required(flags, 'brokers').split(','),
    logLevel: logLevel.WARN,
    logCreator: stderrLogCreator,
    // A fresh broker creates its offsets topic at the first group's request; beside other test JVMs on two
    // cores that has outlasted kafkajs's default retries (5, a few seconds): wait up to about two minutes.
    retry: { initialRetryTime: 300, maxRetryTime: 10000, retries: 15 },
  });
}

function registryClient(flags) {
  return new SchemaRegistry({ host: required(flags, 'registry') });
}

function toJson(value) {
  return JSON.stringify(value, (_key, v) => {
    if (typeof v === 'bigint') {
      return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    }
    // Buffer.toJSON runs before the replacer sees it, so a Buffer arrives as {type, data}.
    if (v && v.type === 'Buffer' && Array.isArray(v.data)) {
      return Buffer.from(v.data).toString('base64');
    }
    return v;
  });
}

function schemaIdOf(buffer) {
  if (buffer.length < 5 || buffer[0] !== MAGIC_BYTE) {
    throw new Error(`not in the Confluent wire format (magic byte 0, 4-byte schema id): ${buffer.toString('hex', 0, 16)}`);
  }
  return buffer.readInt32BE(1);
}

async function decodeOrNull(registry, buffer) {
  if (buffer === null) {
    return { decoded: null, schemaId: null };
  }
  return { decoded: await registry.decode(buffer), schemaId: schemaIdOf(buffer) };
}

async function consume(flags) {
  const topic = required(flags, 'topic');
  const count = positiveInt(flags, 'count');
  const registry = registryClient(flags);
  // A fresh group per run, so every run reads the topic from the beginning.
  const consumer = kafkaClient(flags).consumer({
    groupId: `roster-node-interop-${process.pid}-${Date.now()}`,
    readUncommitted: false, // read_committed: aborted transactional records must stay invisible
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    let failure = null;
    await new Promise((resolve, reject) => {
      consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          if (seen >= count || failure) {
            return;
          }
          try {
            const key = await decodeOrNull(registry, message.key);
            const value = await decodeOrNull(registry, message.value);
            seen += 1;
            process.stdout.write(toJson({
              partition,
              offset: Number(message.offset),
              key: key.decoded,
              value: value.decoded,
              keySchemaId: key.schemaId,
              valueSchemaId: value.schemaId,
            }) + '\n');
            if (seen === count) {
              resolve();
            }
          } catch (error) {
            failure = error;
            reject(error);
          }
        },
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

// The library's register() insists the subject's compatibility equals the one it is given (default
// BACKWARD) and sets it on a first registration. Apicurio answers GET /config/{subject} with its
// global level (NONE), so the default fails there. Pass the level the registry already has, so this
// client registers schemas without changing any compatibility setting.
async function currentCompatibility(registry, subject) {
  try {
    const response = await registry.api.Subject.config({ subject });
    return response.data().compatibilityLevel.toUpperCase();
  } catch (error) {
    if (error && error.status === 404) {
      return undefined;
    }
    throw error;
  }
}

async function registerAvro(registry, subject, schemaFile) {
  const schema = readFileSync(schemaFile, 'utf8');
  const compatibility = await currentCompatibility(registry, subject);
  const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject, compatibility });
  return id;
}

function readRecords(file) {
  const records = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(records)) {
    throw new UsageError(`--records must hold a JSON array of {"key": …, "value": …}, got ${typeof records}`);
  }
  return records;
}

async function produce(flags) {
  const topic = required(flags, 'topic');
  const subjectPrefix = flags['subject-prefix'] ?? topic;
  const records = readRecords(required(flags, 'records'));
  const registry = registryClient(flags);
  const keySchemaId = await registerAvro(registry, `${subjectPrefix}-key`, required(flags, 'key-schema'));
  const valueSchemaId = await registerAvro(registry, `${subjectPrefix}-value`, required(flags, 'value-schema'));

  const messages = [];
  for (const { key, value } of records) {
    messages.push({
      key: key == null ? null : await registry.encode(keySchemaId, key),
      value: value == null ? null : await registry.encode(valueSchemaId, value), // null: a tombstone
    });
  }
  // The default partitioner hashes keys with murmur2 like the Java client, so a key lands on the same
  // partition whichever client wrote it (what a compacted topic needs).
  const producer = kafkaClient(flags).producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  try {
    await producer.send({ topic, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
  process.stdout.write(toJson({ produced: messages.length, keySchemaId, valueSchemaId }) + '\n');
}

const MODES = { consume, produce };

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  const flags = parseFlags(rest);
  const run = MODES[mode];
  if (!run) {
    throw new UsageError(`unknown mode "${mode}"; use one of: ${Object.keys(MODES).join(', ')}`);
  }
  const timeoutMs = positiveInt(flags, 'timeout-ms', DEFAULT_TIMEOUT_MS);
  const timer = setTimeout(() => {
    process.stderr.write(`interop ${mode}: timed out after ${timeoutMs} ms\n`);
    process.exit(1);
  }, timeoutMs);
  await run(flags);
  clearTimeout(timer);
}

main().then(
  () => process.exit(0), // kafkajs may keep sockets or timers alive; the work is done
  (error) => {
    process.stderr.write(`interop: ${error instanceof UsageError ? 'usage: ' : ''}${error && error.stack ? error.stack : error}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
