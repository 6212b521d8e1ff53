package io.sipcontainer.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The digest computations against the published test vectors. */
class DigestAlgorithmTest {

    @Test
    void rfc2617Section3_5ExampleGivesThePublishedResponse() {
        String ha1 = DigestAlgorithm.MD5.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        assertEquals("939e7578ed9e3c518a452acee763bce9", ha1);
        assertEquals("6629fae49393a05397450978507c4ef1", DigestAlgorithm.MD5.response(ha1,
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth", "GET", "/dir/index.html", null));
    }

    @Test
    void rfc7616Section3_9_1ExampleGivesThePublishedMd5AndSha256Responses() {
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        String md5Ha1 = DigestAlgorithm.MD5.ha1("Mufasa", "http-auth@example.org", "Circle of Life");
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", DigestAlgorithm.MD5.response(md5Ha1, nonce, "00000001",
                cnonce, "auth", "GET", "/dir/index.html", null));
        String shaHa1 = DigestAlgorithm.SHA_256.ha1("Mufasa", "http-auth@example.org", "Circle of Life");
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                DigestAlgorithm.SHA_256.response(shaHa1, nonce, "00000001", cnonce, "auth", "GET", "/dir/index.html",
                        null));
    }

    @Test
    void withoutQopTheRfc2069FormIsUsed() {
        String ha1 = DigestAlgorithm.MD5.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        String ha2 = DigestAlgorithm.MD5.hash("REGISTER:sip:example.com");
        assertEquals(DigestAlgorithm.MD5.hash(ha1 + ":abc:" + ha2),
                DigestAlgorithm.MD5.response(ha1, "abc", null, null, null, "REGISTER", "sip:example.com", null));
    }

    @Test
    void authIntHashesTheBodyIntoHa2() {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        String ha1 = "939e7578ed9e3c518a452acee763bce9";
        String ha2 = DigestAlgorithm.SHA_256.hash("MESSAGE:sip:bob@b:" + DigestAlgorithm.SHA_256.hash(body));
        assertEquals(DigestAlgorithm.SHA_256.hash(ha1 + ":n:00000001:c:auth-int:" + ha2),
                DigestAlgorithm.SHA_256.response(ha1, "n", "00000001", "c", "auth-int", "MESSAGE", "sip:bob@b", body));
    }

    @Test
    void algorithmTokensAreCaseInsensitiveAndUnknownOnesAreRefused() {
        assertEquals(DigestAlgorithm.SHA_256, DigestAlgorithm.fromToken("sha-256"));
        assertEquals(DigestAlgorithm.MD5, DigestAlgorithm.fromToken(" MD5 "));
        assertNull(DigestAlgorithm.fromToken("MD5-sess"));
        assertEquals(32, DigestAlgorithm.MD5.hash("").length());
        assertEquals(64, DigestAlgorithm.SHA_256.hash("").length());
    }
}
