// The C ABI from a managed runtime, as an Android app loads it: JNA maps libgx_ffi's functions
// (no hand-written JNI). Validates IDs, quotes a fee, and runs an encrypted exchange between two
// accounts, freeing every handle, string, buffer and error. Run (Java 11+ source launcher):
//   java -cp /usr/share/java/jna.jar -Djna.library.path=target/debug \
//       bindings/ffi/tests/java/GxAbiTest.java
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.List;

public class GxAbiTest {
    /** Out-parameter of byte results; passed by value to gx_buffer_free. */
    public static class GxBuffer extends Structure {
        public Pointer data;
        public long len;
        public static class ByValue extends GxBuffer implements Structure.ByValue {}
        @Override protected List<String> getFieldOrder() { return List.of("data", "len"); }
    }

    public static class GxTransferQuote extends Structure {
        public long amount;
        public short fee_bps;
        public long total_fee, sender_fee, receiver_fee, sender_debit, net_received;
        public byte tx_type;
        public byte cross_border, exempt; // C bool: one byte (JNA maps boolean to four)
        @Override protected List<String> getFieldOrder() {
            return List.of("amount", "fee_bps", "total_fee", "sender_fee", "receiver_fee",
                "sender_debit", "net_received", "tx_type", "cross_border", "exempt");
        }
    }

    public interface Gx extends Library {
        Gx LIB = Native.load("gx_ffi", Gx.class);
        String gx_version();
        int gx_abi_version();
        String gx_error_code(Pointer error);
        String gx_error_message(Pointer error);
        void gx_error_free(Pointer error);
        void gx_string_free(Pointer s);
        void gx_buffer_free(GxBuffer.ByValue buffer);
        Pointer gx_fabric_id_validate(byte[] id, long len);
        Pointer gx_fee_quote(byte[] from, long fromLen, byte[] to, long toLen, long amount,
            byte[] txType, long txTypeLen, byte[] schedule, long scheduleLen, GxTransferQuote out);
        Pointer gx_account_new(PointerByReference out);
        void gx_account_free(Pointer account);
        Pointer gx_account_fetched_bundle_json(Pointer account, long keyIndex, PointerByReference out);
        Pointer gx_account_generate_one_time_prekeys(Pointer account, int count, PointerByReference out);
        Pointer gx_account_accept_session(Pointer account, byte[] content, long len, Pointer escrow,
            PointerByReference outSession, GxBuffer outPlaintext);
        Pointer gx_escrow_policy_none(PointerByReference out);
        void gx_escrow_policy_free(Pointer policy);
        Pointer gx_session_initiate(Pointer account, byte[] bundle, long len, Pointer escrow, PointerByReference out);
        Pointer gx_session_encrypt(Pointer session, byte[] plaintext, long len, PointerByReference out);
        Pointer gx_session_decrypt(Pointer session, byte[] content, long len, GxBuffer out);
        void gx_session_free(Pointer session);
    }

    static final Gx gx = Gx.LIB;
    static int passed, failed;

    static void check(boolean ok, String what) {
        if (ok) passed++; else { failed++; System.err.println("CHECK failed: " + what); }
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** Throws with the SDK's code if `error` is not NULL (and frees it). */
    static void ok(Pointer error, String what) {
        if (error != null) {
            String msg = gx.gx_error_code(error) + ": " + gx.gx_error_message(error);
            gx.gx_error_free(error);
            throw new IllegalStateException(what + " failed: " + msg);
        }
        passed++;
    }

    /** The error's code (freeing it), or null on success. */
    static String code(Pointer error) {
        if (error == null) return null;
        String c = gx.gx_error_code(error);
        gx.gx_error_free(error);
        return c;
    }

    /** Takes an SDK string out of its out-parameter and frees it. */
    static String take(PointerByReference ref) {
        Pointer p = ref.getValue();
        String s = p.getString(0, "UTF-8");
        gx.gx_string_free(p);
        return s;
    }

    static byte[] take(GxBuffer buffer) {
        byte[] bytes = buffer.data == null ? new byte[0] : buffer.data.getByteArray(0, (int) buffer.len);
        GxBuffer.ByValue v = new GxBuffer.ByValue();
        v.data = buffer.data; v.len = buffer.len;
        gx.gx_buffer_free(v);
        return bytes;
    }

    static String field(String json, String name) {
        int start = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    public static void main(String[] args) {
        check(gx.gx_abi_version() == 1, "ABI version 1");
        check(gx.gx_version().matches("\\d+\\.\\d+\\.\\d+"), "version");

        byte[] lk = utf8("LK FF3 ABL912 0WLUY 6025");
        check(code(gx.gx_fabric_id_validate(lk, lk.length)) == null, "a valid ID validates");
        byte[] bad = utf8("LK FF3 ABL912 0WLUY 602");
        check("FABRIC_ID_WRONG_LENGTH".equals(code(gx.gx_fabric_id_validate(bad, bad.length))), "a short ID's code");
        check("NULL_POINTER".equals(code(gx.gx_fabric_id_validate(null, 24))), "NULL is an error, not a crash");

        byte[] us = utf8("US 984 AUM945 0AKIY 8168");
        GxTransferQuote q = new GxTransferQuote();
        ok(gx.gx_fee_quote(lk, lk.length, us, us.length, 1_000_000L, null, 0, null, 0, q), "quote");
        q.read();
        check(q.total_fee == 1500 && q.sender_debit == 1_001_500 && q.cross_border == 1, "1 GXC LK->US costs 1 500 Qirat");
        check("TRANSFER_AMOUNT_ZERO".equals(code(gx.gx_fee_quote(lk, lk.length, us, us.length, 0, null, 0, null, 0, q))), "zero amount");

        PointerByReference alice = new PointerByReference(), bob = new PointerByReference(), none = new PointerByReference();
        ok(gx.gx_account_new(alice), "alice"); ok(gx.gx_account_new(bob), "bob"); ok(gx.gx_escrow_policy_none(none), "none");
        PointerByReference json = new PointerByReference();
        ok(gx.gx_account_generate_one_time_prekeys(bob.getValue(), 1, json), "prekeys");
        take(json);
        ok(gx.gx_account_fetched_bundle_json(bob.getValue(), 1, json), "bundle");
        byte[] bundle = utf8(take(json));
        PointerByReference toBob = new PointerByReference(), toAlice = new PointerByReference();
        ok(gx.gx_session_initiate(alice.getValue(), bundle, bundle.length, none.getValue(), toBob), "initiate");
        byte[] hello = utf8("hello from the JVM");
        ok(gx.gx_session_encrypt(toBob.getValue(), hello, hello.length, json), "encrypt");
        byte[] content = utf8(field(take(json), "encryptedContent"));
        GxBuffer plain = new GxBuffer();
        ok(gx.gx_account_accept_session(bob.getValue(), content, content.length, none.getValue(), toAlice, plain), "accept");
        plain.read();
        check(new String(take(plain), StandardCharsets.UTF_8).equals("hello from the JVM"), "Bob reads Alice");
        byte[] reply = utf8("and back");
        ok(gx.gx_session_encrypt(toAlice.getValue(), reply, reply.length, json), "reply");
        byte[] replyContent = utf8(field(take(json), "encryptedContent"));
        GxBuffer back = new GxBuffer();
        ok(gx.gx_session_decrypt(toBob.getValue(), replyContent, replyContent.length, back), "decrypt");
        back.read();
        check(new String(take(back), StandardCharsets.UTF_8).equals("and back"), "Alice reads Bob");
        check("WRONG_HANDLE".equals(code(gx.gx_session_decrypt(alice.getValue(), replyContent, replyContent.length, back))),
            "an account where a session goes");

        gx.gx_session_free(toBob.getValue()); gx.gx_session_free(toAlice.getValue());
        gx.gx_account_free(alice.getValue()); gx.gx_account_free(bob.getValue());
        gx.gx_escrow_policy_free(none.getValue());
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
