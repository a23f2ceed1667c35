// Type-level test of the package: compiled with `tsc --strict --noEmit` (tsconfig.node.json and
// tsconfig.bundler.json), never run. Every export is used with the type a caller relies on, and
// `@ts-expect-error` lines prove that misuse is a type error (so no export is `any`).
import {
  init, initAsync, GxError, version, errorCodes,
  generateFabricId, parseFabricId, validateFabricId, isValidFabricId, decodeFabricId, validateFabricIds,
  generateQSendCode, parseQSendCode, qsendIdempotencyKey, encodeQrV1, decodeQrV1, qrHash, encodeQrV2, decodeQrV2,
  parseGxc, formatGxc, quoteTransfer, FeeSchedule, genesisAllocation, velocityTax,
  biometricHash, parseBiometricHash, parseIdempotencyKey, newCommandId, parseCommandId,
  Account, Session, GroupSession, StorageKey, EscrowPolicy, ReceivedMessage, WrappedGroupKey, safetyNumber,
  verifyAuditLog,
} from '@gx-sdk/wasm';
import type {
  DecodedFabricId, BatchValidation, QrPayload, QrPayloadInput, TransferQuote, FeeTable, GenesisAllocation,
  VelocityTax, PublishedBundle, OneTimePreKey, MessageFields, AcceptedSession, CreatedGroup, GroupKeyJson,
  GroupPlaintext, AuditHead, Gender,
} from '@gx-sdk/wasm';

function expectType<T>(value: T): T {
  return value;
}

export async function main(): Promise<void> {
  await init();
  await initAsync();
  expectType<string>(version());
  expectType<string[]>(errorCodes());

  const gender: Gender = 'female';
  const id: string = generateFabricId('MY', '1992-08-20', gender, '0');
  expectType<string>(parseFabricId(id));
  expectType<void>(validateFabricId(id));
  expectType<boolean>(isValidFabricId(id));
  const decoded: DecodedFabricId = decodeFabricId(id);
  expectType<string>(decoded.countryCode);
  expectType<boolean>(decoded.isOrganization);
  const batch: BatchValidation = validateFabricIds([id, 'bad']);
  expectType<number>(batch.invalid[0]!.index);
  expectType<BatchValidation>(validateFabricIds(`${id}\n${id}`));
  // @ts-expect-error: a gender is one of three strings
  generateFabricId('MY', '1992-08-20', 'f');

  const code = generateQSendCode();
  expectType<string>(parseQSendCode(code));
  expectType<string>(qsendIdempotencyKey(code));
  const input: QrPayloadInput = { code, amount: 50_000_000n, creator: id, creatorName: 'Alice', expiresAtMs: Date.now() };
  const v1: string = encodeQrV1(input);
  const payload: QrPayload = decodeQrV1(v1);
  expectType<bigint>(payload.amount);
  expectType<string>(qrHash(v1));
  const key = 'ab'.repeat(32);
  expectType<QrPayload>(decodeQrV2(encodeQrV2({ ...input, description: 'lunch' }, key), key));
  // @ts-expect-error: money is bigint Qirat, never a number
  encodeQrV1({ ...input, amount: 50 });

  const amount: bigint = parseGxc('1.5');
  expectType<string>(formatGxc(amount));
  const quote: TransferQuote = quoteTransfer(id, 'US 984 AUM945 0AKIY 8168', amount);
  expectType<bigint>(quote.totalFee);
  expectType<'LOCAL' | 'CROSS_BORDER'>(quote.scope);
  // @ts-expect-error: amounts are bigint
  quoteTransfer(id, id, 1.5);
  const schedule = FeeSchedule.fromJson(FeeSchedule.protocolDefault().toJson());
  expectType<TransferQuote>(schedule.quote(id, 'treasury_MY', 1n, 'P2P'));
  const table: FeeTable = schedule.table();
  expectType<bigint>(table.bands[0]!.from);
  schedule.free();
  const genesis: GenesisAllocation = genesisAllocation(1, '1990-03-15', '2026-01-01');
  expectType<bigint>(genesis.userAmount);
  expectType<string | undefined>(genesis.ineligible?.reason);
  const tax: VelocityTax = velocityTax(2_000_000_000n, 'MARGINAL');
  expectType<bigint>(tax.annual);

  expectType<string>(biometricHash(new Uint8Array([1, 2, 3])));
  expectType<string>(parseBiometricHash('ab'.repeat(32)));
  expectType<string>(parseIdempotencyKey('transfer:1'));
  expectType<string>(parseCommandId(newCommandId()));

  const alice: Account = Account.create();
  const bob = Account.create();
  const fresh: OneTimePreKey[] = bob.generateOneTimePrekeys(5);
  const bundle: PublishedBundle = bob.bundle();
  expectType<number>(bundle.preKeys.length + fresh.length + bob.availablePrekeyCount + bob.signedPrekeyId);
  expectType<number>(bob.rotateSignedPrekey());
  expectType<boolean>(bob.markPrekeyUsed(1));
  const none: EscrowPolicy = EscrowPolicy.none();
  const session: Session = Session.initiate(alice, bob.fetchedBundleJson(2), none);
  const fields: MessageFields = session.encrypt('hello');
  expectType<string | undefined>(fields.masterKeyWrappedContent);
  const accepted: AcceptedSession = bob.acceptSession(fields.encryptedContent, none);
  const received: ReceivedMessage = accepted.message;
  expectType<Uint8Array>(received.plaintext);
  expectType<string>(received.sender);
  expectType<Uint8Array>(session.decrypt(accepted.session.encrypt(new Uint8Array([1])).encryptedContent));
  expectType<string>(session.id + session.remoteIdentityKey + safetyNumber(alice.identityKey, bob.identityKey));
  expectType<boolean>(session.awaitingReply);
  const storage: StorageKey = StorageKey.fromBytes(StorageKey.generateBytes());
  const reopened: Session = Session.open(session.seal(storage), storage);
  expectType<Account>(Account.open(alice.seal(storage), storage));
  const created: CreatedGroup = GroupSession.create(crypto.randomUUID(), [alice.identityKey, bob.identityKey], none);
  const wrapped: WrappedGroupKey = created.keys[0]!;
  const keyJson: GroupKeyJson = wrapped.json;
  expectType<number>(keyJson.keyVersion);
  expectType<MessageFields>(reopened.encryptGroupKey(wrapped));
  const group: GroupSession = created.group;
  const gm = group.encrypt(alice, 'to all');
  const plain: GroupPlaintext = group.decrypt(gm.encryptedContent);
  expectType<string>(plain.sender);
  expectType<number | undefined>(group.keyVersion);
  expectType<string[]>(group.members);
  expectType<WrappedGroupKey[]>(group.rotate());
  expectType<GroupSession>(GroupSession.open(group.seal(storage), storage));
  expectType<GroupSession>(GroupSession.join(bob, group.members, keyJson, none));
  expectType<void>(group.acceptKeyFrom(alice, received));
  // @ts-expect-error: a Session is not an Account
  Session.initiate(session, '{}', none);

  const head: AuditHead = verifyAuditLog('');
  expectType<number>(head.entryCount);
  try {
    verifyAuditLog('{}');
  } catch (e) {
    if (e instanceof GxError) {
      expectType<string>(e.code);
      expectType<number | undefined>(e.line);
      expectType<Error>(e);
    }
  }
  for (const o of [alice, bob, session, reopened, group, storage, none]) o.free();
}
