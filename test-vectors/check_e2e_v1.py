#!/usr/bin/env python3
"""Recomputes every value in test-vectors/e2e-v1.json with libraries independent of the SDK.

Both handshakes are checked: the main one (with a one-time prekey, four DHs) and the one under
"withoutOneTimePreKey" (three DHs).

libsodium (through PyNaCl) does the Ed25519 side and the Ed25519 -> X25519 birational map the spec
names; OpenSSL (through `cryptography`) does X25519, HKDF, HMAC and AES-256-GCM. Nothing here uses
Rust code, so a pass shows the vectors follow docs/e2e-v1.md, not merely that the SDK agrees with
itself.

    pip install pynacl cryptography
    python3 test-vectors/check_e2e_v1.py [path/to/e2e-v1.json]
"""

import base64
import hashlib
import hmac
import json
import struct
import sys
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from nacl import bindings as sodium

ZERO32 = bytes(32)
passed = 0
failed = 0
scope = ""  # prefix of the labels: which scenario is being checked


def check(label, got, want):
    """Counts one comparison; prints the first differing values on failure."""
    global passed, failed
    if got == want:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {scope}{label}:\n  computed {got!r}\n  file     {want!r}")


def h(value):
    return bytes.fromhex(value)


def u32be(n):
    return struct.pack(">I", n)


def b64(data):
    return base64.b64encode(data).decode()


def x25519(secret, public):
    out = X25519PrivateKey.from_private_bytes(secret).exchange(
        X25519PublicKey.from_public_bytes(public)
    )
    assert out != ZERO32, "an all-zero DH output must be rejected"
    return out


def x25519_public(secret):
    return X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes_raw()


def hkdf(salt, ikm, info, length):
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def kdf_rk(root_key, dh_out):
    out = hkdf(root_key, dh_out, b"GX-E2E-v1:RK", 64)
    return out[:32], out[32:]


def kdf_ck(chain_key):
    seed = hmac.new(chain_key, b"\x01", hashlib.sha256).digest()
    return seed, hmac.new(chain_key, b"\x02", hashlib.sha256).digest()


def message_key(seed):
    out = hkdf(ZERO32, seed, b"GX-E2E-v1:MK", 44)
    return out[:32], out[32:]


def ed25519_sign(seed, message):
    _, secret = sodium.crypto_sign_seed_keypair(seed)
    return sodium.crypto_sign(message, secret)[:64]


def check_identity(name, ident):
    seed = h(ident["ed25519Seed"])
    public, secret = sodium.crypto_sign_seed_keypair(seed)
    check(f"{name}.ed25519Public", public.hex(), ident["ed25519Public"])
    check(f"{name}.identityKeyPublicBase64", b64(public), ident["identityKeyPublicBase64"])
    x_secret = sodium.crypto_sign_ed25519_sk_to_curve25519(secret)
    x_public = sodium.crypto_sign_ed25519_pk_to_curve25519(public)
    check(f"{name}.x25519Secret", x_secret.hex(), ident["x25519Secret"])
    check(f"{name}.x25519Public", x_public.hex(), ident["x25519Public"])
    check(f"{name}.x25519 public from secret", x25519_public(x_secret).hex(), ident["x25519Public"])
    digest = hashlib.sha256(public).hexdigest()[:32]
    fingerprint = " ".join(digest[i : i + 4] for i in range(0, 32, 4))
    check(f"{name}.fingerprint", fingerprint, ident["fingerprint"])


def check_bob_prekeys(bob):
    """Bob's signed prekey, its signature, his one-time prekey if he has one, and the bundle."""
    spk_pub = h(bob["signedPreKeyPublic"])
    check("bob.signedPreKeyPublic", x25519_public(h(bob["signedPreKeySecret"])), spk_pub)
    has_opk = "oneTimePreKeySecret" in bob
    if has_opk:
        check("bob.oneTimePreKeyPublic", x25519_public(h(bob["oneTimePreKeySecret"])).hex(),
              bob["oneTimePreKeyPublic"])
    signed = b"GX-E2E-v1:SPK" + u32be(bob["signedPreKeyId"]) + spk_pub
    check("bob.signedPreKeySignedBytes", signed.hex(), bob["signedPreKeySignedBytes"])
    signature = ed25519_sign(h(bob["identity"]["ed25519Seed"]), signed)
    check("bob.signedPreKeySignature", signature.hex(), bob["signedPreKeySignature"])
    bundle = bob["fetchedBundleJson"]
    check("bundle.identityKeyPublic", bundle["identityKeyPublic"],
          bob["identity"]["identityKeyPublicBase64"])
    check("bundle.signedPreKeyId", bundle["signedPreKeyId"], bob["signedPreKeyId"])
    check("bundle.signedPreKeyPublic", bundle["signedPreKeyPublic"], b64(spk_pub))
    check("bundle.signedPreKeySignature", bundle["signedPreKeySignature"], b64(signature))
    if has_opk:
        check("bundle.preKey.keyIndex", bundle["preKey"]["keyIndex"], bob["oneTimePreKeyIndex"])
        check("bundle.preKey.publicKey", bundle["preKey"]["publicKey"],
              b64(h(bob["oneTimePreKeyPublic"])))
    else:
        check("bundle has no preKey", "preKey" in bundle, False)
    check("bundle members", sorted(bundle),
          sorted(["identityKeyPublic", "signedPreKeyId", "signedPreKeyPublic",
                  "signedPreKeySignature"] + (["preKey"] if has_opk else [])))


def check_x3dh(v):
    """X3DH with four DHs when Bob's bundle had a one-time prekey, three otherwise."""
    alice, bob, x = v["alice"], v["bob"], v["x3dh"]
    has_opk = "oneTimePreKeySecret" in bob
    ek = h(x["ephemeralSecret"])
    check("x3dh.ephemeralPublic", x25519_public(ek).hex(), x["ephemeralPublic"])
    spk = h(bob["signedPreKeyPublic"])
    dh1 = x25519(h(alice["identity"]["x25519Secret"]), spk)
    dh2 = x25519(ek, h(bob["identity"]["x25519Public"]))
    dh3 = x25519(ek, spk)
    dhs = [("dh1", dh1), ("dh2", dh2), ("dh3", dh3)]
    # Bob computes the same values from his side.
    check("x3dh.dh1 (Bob's side)", x25519(h(bob["signedPreKeySecret"]),
                                          h(alice["identity"]["x25519Public"])), dh1)
    check("x3dh.dh2 (Bob's side)", x25519(h(bob["identity"]["x25519Secret"]), h(x["ephemeralPublic"])), dh2)
    check("x3dh.dh3 (Bob's side)", x25519(h(bob["signedPreKeySecret"]), h(x["ephemeralPublic"])), dh3)
    if has_opk:
        dh4 = x25519(ek, h(bob["oneTimePreKeyPublic"]))
        check("x3dh.dh4 (Bob's side)", x25519(h(bob["oneTimePreKeySecret"]), h(x["ephemeralPublic"])), dh4)
        dhs.append(("dh4", dh4))
    else:
        check("x3dh has no dh4", "dh4" in x, False)
    for label, value in dhs:
        check(f"x3dh.{label}", value.hex(), x[label])
    ikm = b"\xff" * 32 + b"".join(value for _, value in dhs)
    check("x3dh.hkdfIkm length", len(ikm), 32 * (1 + len(dhs)))
    check("x3dh.hkdfIkm", ikm.hex(), x["hkdfIkm"])
    sk = hkdf(ZERO32, ikm, b"GX-E2E-v1:X3DH", 32)
    check("x3dh.sharedSecret", sk.hex(), x["sharedSecret"])
    ad = h(alice["identity"]["ed25519Public"]) + h(bob["identity"]["ed25519Public"])
    check("x3dh.associatedData", ad.hex(), x["associatedData"])
    # The SDK's session id (encryptionKeyId), see the implementation notes of docs/e2e-v1.md.
    sid = hashlib.sha256(b"GX-E2E-v1:SESSION" + ad + h(x["ephemeralPublic"])).digest()[:16].hex()
    check("x3dh.sessionId", sid, x["sessionId"].replace("-", ""))
    # Alice's first ratchet key pair is the sender key of her first message.
    first = x["firstRatchetStep"]
    a1_secret = h(v["messages"][0]["senderRatchetSecret"])
    dh = x25519(a1_secret, spk)
    check("firstRatchetStep.dh", dh.hex(), first["dh"])
    check("firstRatchetStep.rootKeyIn", first["rootKeyIn"], sk.hex())
    root, chain = kdf_rk(sk, dh)
    check("firstRatchetStep.rootKeyOut", root.hex(), first["rootKeyOut"])
    check("firstRatchetStep.chainKey", chain.hex(), first["chainKey"])
    return ad


def check_ratchet_steps(v):
    """Checks the DH ratchet steps recorded on messages that start a new chain."""
    msgs = v["messages"]
    ratchet_secret = {}  # sender ratchet public -> secret
    for m in msgs:
        if "senderRatchetSecret" in m:
            ratchet_secret[m["senderRatchetPublic"]] = h(m["senderRatchetSecret"])
    previous_root = v["x3dh"]["firstRatchetStep"]["rootKeyOut"]
    previous_sender_pub = msgs[0]["senderRatchetPublic"]
    for i, m in enumerate(msgs):
        if "sendingStep" not in m:
            continue
        step = m["sendingStep"]
        check(f"messages[{i}].sendingStep.rootKeyIn", step["rootKeyIn"], previous_root)
        dh = x25519(h(m["senderRatchetSecret"]), h(previous_sender_pub))
        # The receiver gets the same value from the other side of the exchange.
        dh_other = x25519(ratchet_secret[previous_sender_pub], h(m["senderRatchetPublic"]))
        check(f"messages[{i}].sendingStep.dh", dh.hex(), step["dh"])
        check(f"messages[{i}].sendingStep.dh (receiver's side)", dh_other.hex(), step["dh"])
        root, chain = kdf_rk(h(step["rootKeyIn"]), dh)
        check(f"messages[{i}].sendingStep.rootKeyOut", root.hex(), step["rootKeyOut"])
        check(f"messages[{i}].sendingStep.chainKey", chain.hex(), step["chainKey"])
        check(f"messages[{i}].chainKey", m["chainKey"], step["chainKey"])
        previous_root = step["rootKeyOut"]
        previous_sender_pub = m["senderRatchetPublic"]
    check_receiving_steps(v)


def check_receiving_steps(v):
    """A receiver's DH ratchet step: the same DH from its own ratchet secret and the sender's
    previous ratchet key; KDF_RK gives the root key and the chain key the sender used."""
    msgs, x = v["messages"], v["x3dh"]
    bob_spk = h(v["bob"]["signedPreKeySecret"])
    # (receiver's ratchet secret, sender's ratchet public) of each recorded step:
    # Bob answers with his SPK against A1; Alice with A1 against B1.
    pairs = {2: (bob_spk, h(msgs[0]["senderRatchetPublic"])),
             3: (h(msgs[0]["senderRatchetSecret"]), h(msgs[2]["senderRatchetPublic"]))}
    chains = {2: x["firstRatchetStep"], 3: msgs[2]["sendingStep"]}
    for i, (secret, public) in pairs.items():
        step = msgs[i]["receivingStep"]
        dh = x25519(secret, public)
        check(f"messages[{i}].receivingStep.dh", dh.hex(), step["dh"])
        root, chain = kdf_rk(h(step["rootKeyIn"]), dh)
        check(f"messages[{i}].receivingStep.rootKeyOut", root.hex(), step["rootKeyOut"])
        check(f"messages[{i}].receivingStep.chainKey", chain.hex(), step["chainKey"])
        check(f"messages[{i}].receivingStep matches the sender's step",
              (step["rootKeyIn"], step["rootKeyOut"], step["chainKey"]),
              (chains[i].get("rootKeyIn", x["sharedSecret"]), chains[i]["rootKeyOut"],
               chains[i]["chainKey"]))


def check_messages(v, ad):
    alice, bob, x = v["alice"], v["bob"], v["x3dh"]
    last_next_chain = {}
    for i, m in enumerate(v["messages"]):
        label = f"messages[{i}] {m['label']}"
        ck = h(m["chainKey"])
        seed, next_ck = kdf_ck(ck)
        check(f"{label}.messageKeySeed", seed.hex(), m["messageKeySeed"])
        check(f"{label}.nextChainKey", next_ck.hex(), m["nextChainKey"])
        key, nonce = message_key(seed)
        check(f"{label}.aesKey", key.hex(), m["aesKey"])
        check(f"{label}.nonce", nonce.hex(), m["nonce"])
        check(f"{label}.contentNonceBase64", b64(nonce), m["contentNonceBase64"])
        header = h(m["header"])
        check(f"{label}.header length", len(header), 40)
        ratchet_pub = header[:32].hex()
        if "senderRatchetPublic" in m:
            check(f"{label}.header ratchet key", ratchet_pub, m["senderRatchetPublic"])
            check(f"{label}.sender ratchet key pair",
                  x25519_public(h(m["senderRatchetSecret"])).hex(), m["senderRatchetPublic"])
        if ratchet_pub in last_next_chain:
            check(f"{label}.chainKey follows the previous message", m["chainKey"],
                  last_next_chain[ratchet_pub])
        last_next_chain[ratchet_pub] = m["nextChainKey"]
        aad = ad + header
        check(f"{label}.aeadAssociatedData", aad.hex(), m["aeadAssociatedData"])
        ct = AESGCM(key).encrypt(nonce, m["plaintextUtf8"].encode(), aad)
        check(f"{label}.ciphertextWithTag", ct.hex(), m["ciphertextWithTag"])
        envelope = h(m["envelope"])
        if envelope[1] == 0x01:
            # has_opk and opk_index: 1 and the index with a one-time prekey, 0 and 0 without.
            opk = (b"\x01" + u32be(bob["oneTimePreKeyIndex"]) if "oneTimePreKeyIndex" in bob
                   else b"\x00" + u32be(0))
            prefix = (b"\x01\x01" + h(alice["identity"]["ed25519Public"]) + h(x["ephemeralPublic"])
                      + u32be(bob["signedPreKeyId"]) + opk)
        else:
            prefix = b"\x01\x02"
        check(f"{label}.envelope", (prefix + header + ct).hex(), m["envelope"])
        check(f"{label}.encryptedContentBase64", b64(envelope), m["encryptedContentBase64"])


def check_wrap(label, w, member, g, aad):
    """One sealed box of the group key, from its ephemeral secret and the member's identity."""
    eph = h(w["ephemeralSecret"])
    eph_pub = x25519_public(eph)
    check(f"{label}.ephemeralPublic", eph_pub.hex(), w["ephemeralPublic"])
    recipient = h(member["identity"]["x25519Public"])
    check(f"{label}.recipientX25519Public", recipient.hex(), w["recipientX25519Public"])
    dh = x25519(eph, recipient)
    check(f"{label}.dh", dh.hex(), w["dh"])
    check(f"{label}.dh (recipient's side)",
          x25519(h(member["identity"]["x25519Secret"]), eph_pub).hex(), w["dh"])
    salt = eph_pub + recipient
    check(f"{label}.hkdfSalt", salt.hex(), w["hkdfSalt"])
    out = hkdf(salt, dh, b"GX-E2E-v1:SEAL", 44)
    check(f"{label}.aesKey", out[:32].hex(), w["aesKey"])
    check(f"{label}.nonce", out[32:].hex(), w["nonce"])
    check(f"{label}.aad", aad.hex(), w["aad"])
    sealed = eph_pub + AESGCM(out[:32]).encrypt(out[32:], h(g["key"]), aad)
    check(f"{label}.encryptedKey", sealed.hex(), w["encryptedKey"])
    check(f"{label}.encryptedKeyBase64", b64(sealed), w["encryptedKeyBase64"])
    # The recipient opens it.
    opened = AESGCM(out[:32]).decrypt(out[32:], sealed[32:], aad)
    check(f"{label} opens to the group key", opened.hex(), g["key"])


def check_draws(v):
    """Every random value is listed once, in draw order, and is the value used where it is named."""
    d = [h(x["value"]) for x in v["randomness"]["draws"]]
    msgs, g = v["messages"], v["group"]
    used = [
        v["alice"]["identity"]["ed25519Seed"], v["alice"]["signedPreKeySecret"],
        v["bob"]["identity"]["ed25519Seed"], v["bob"]["signedPreKeySecret"],
        v["bob"]["oneTimePreKeySecret"], v["x3dh"]["ephemeralSecret"],
        msgs[0]["senderRatchetSecret"], msgs[2]["senderRatchetSecret"],
        msgs[3]["senderRatchetSecret"], g["key"], None,
        g["wrapForAlice"]["ephemeralSecret"], g["wrapForBob"]["ephemeralSecret"],
        g["message"]["nonce"],
    ]
    check("randomness.draws count", len(d), len(used))
    for i, (draw, value) in enumerate(zip(d, used)):
        if value is not None:
            check(f"randomness.draws[{i}] ({v['randomness']['draws'][i]['label']})", draw.hex(), value)
    # The group key id is the UUID v4 made of draw 10.
    key_id = bytearray(d[10])
    key_id[6] = (key_id[6] & 0x0F) | 0x40
    key_id[8] = (key_id[8] & 0x3F) | 0x80
    check("group.keyIdBytes from its random draw", bytes(key_id).hex(), g["keyIdBytes"])


def check_group(v):
    g, alice = v["group"], v["alice"]
    key_id, conv, version = h(g["keyIdBytes"]), h(g["conversationIdBytes"]), g["keyVersion"]
    check("group.keyIdBytes", key_id.hex(), g["keyId"].replace("-", ""))
    check("group.conversationIdBytes", conv.hex(), g["conversationId"].replace("-", ""))
    for name in ("alice", "bob"):
        check_wrap(f"wrapFor{name.capitalize()}", g[f"wrapFor{name.capitalize()}"], v[name], g,
                   key_id + u32be(version))

    m = g["message"]
    sender_ik = h(alice["identity"]["ed25519Public"])
    nonce = h(m["nonce"])
    aad = b"GX-E2E-v1:GRP" + conv + key_id + u32be(version) + sender_ik
    check("group.message.aeadAssociatedData", aad.hex(), m["aeadAssociatedData"])
    ct = AESGCM(h(g["key"])).encrypt(nonce, m["plaintextUtf8"].encode(), aad)
    check("group.message.ciphertextWithTag", ct.hex(), m["ciphertextWithTag"])
    signed = b"\x01\x03" + key_id + u32be(version) + nonce + sender_ik + ct
    check("group.message.signedBytes", signed.hex(), m["signedBytes"])
    signature = ed25519_sign(h(alice["identity"]["ed25519Seed"]), signed)
    check("group.message.signature", signature.hex(), m["signature"])
    sodium.crypto_sign_open(signature + signed, sender_ik)  # raises if it does not verify
    check("group.message.envelope", (signed + signature).hex(), m["envelope"])
    check("group.message.encryptedContentBase64", b64(signed + signature), m["encryptedContentBase64"])
    check("group.message.contentNonceBase64", b64(nonce), m["contentNonceBase64"])


def check_pairwise(v):
    """One handshake and its messages: the identities, Bob's prekeys, X3DH, the ratchet."""
    check_identity("alice", v["alice"]["identity"])
    check_identity("bob", v["bob"]["identity"])
    check("alice.signedPreKeyPublic", x25519_public(h(v["alice"]["signedPreKeySecret"])).hex(),
          v["alice"]["signedPreKeyPublic"])
    check_bob_prekeys(v["bob"])
    ad = check_x3dh(v)
    check_ratchet_steps(v)
    check_messages(v, ad)


def check_draws_without_opk(w):
    """The second handshake's random values, in draw order, are the ones used."""
    d = [x["value"] for x in w["randomness"]["draws"]]
    msgs = w["messages"]
    used = [
        w["alice"]["identity"]["ed25519Seed"], w["alice"]["signedPreKeySecret"],
        w["bob"]["identity"]["ed25519Seed"], w["bob"]["signedPreKeySecret"],
        w["x3dh"]["ephemeralSecret"], msgs[0]["senderRatchetSecret"],
        msgs[2]["senderRatchetSecret"], msgs[3]["senderRatchetSecret"],
    ]
    check("randomness.draws", d, used)


def main():
    global scope
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("e2e-v1.json")
    v = json.loads(path.read_text(encoding="utf-8"))
    check_pairwise(v)
    check_group(v)
    check_draws(v)
    # The second handshake, without a one-time prekey (three DHs).
    scope = "withoutOneTimePreKey."
    w = v["withoutOneTimePreKey"]
    check_pairwise(w)
    check_draws_without_opk(w)
    print(f"e2e-v1 vectors: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
