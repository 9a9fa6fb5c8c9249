package dev.zerobus.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA and a server certificate it signed, for 127.0.0.1 and localhost (SANs: IP 127.0.0.1, DNS localhost),
 * generated when the server is built. EC P-256 keys, SHA-256 signatures, separate CA and leaf (rustls refuses a CA
 * certificate used as the server's own). The CA goes to a PEM file clients can trust.
 */
final class TlsMaterial {

    private static final String SIGNATURE = "SHA256withECDSA";

    private final KeyPair serverKeys;
    private final X509Certificate serverCertificate;
    private final X509Certificate caCertificate;
    private final String caPem;
    private final Path caPath;

    private TlsMaterial(KeyPair serverKeys, X509Certificate serverCertificate, X509Certificate caCertificate)
            throws IOException, GeneralSecurityException {
        this.serverKeys = serverKeys;
        this.serverCertificate = serverCertificate;
        this.caCertificate = caCertificate;
        this.caPem = pem(caCertificate);
        this.caPath = Files.createTempFile("zerobus-test-ca-", ".pem");
        this.caPath.toFile().deleteOnExit();
        Files.writeString(caPath, caPem, StandardCharsets.US_ASCII);
    }

    static TlsMaterial generate() {
        try {
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date until = Date.from(now.plus(Duration.ofDays(30)));
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

            KeyPair caKeys = ecKeys();
            X500Principal caName = new X500Principal("CN=zerobus-test CA");
            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(
                            caName, serial(), from, until, caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCertificate = sign(ca, caKeys);

            KeyPair serverKeys = ecKeys();
            X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(
                            caCertificate,
                            serial(),
                            from,
                            until,
                            new X500Principal("CN=localhost"),
                            serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")
                    }))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(caCertificate))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(serverKeys.getPublic()));
            X509Certificate serverCertificate = sign(server, caKeys);
            return new TlsMaterial(serverKeys, serverCertificate, caCertificate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CA certificate", e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the test certificates", e);
        }
    }

    KeyPair serverKeys() {
        return serverKeys;
    }

    X509Certificate serverCertificate() {
        return serverCertificate;
    }

    X509Certificate caCertificate() {
        return caCertificate;
    }

    String caPem() {
        return caPem;
    }

    Path caPath() {
        return caPath;
    }

    /** A server-side JSSE context (for the HTTPS token endpoint) with the same key and chain as gRPC. */
    SSLContext serverSslContext() {
        try {
            char[] password = "zerobus-test".toCharArray();
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(
                    "server", serverKeys.getPrivate(), password, new X509Certificate[] {serverCertificate, caCertificate
                    });
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS context", e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuer.getPrivate())));
    }

    private static String pem(X509Certificate certificate) throws GeneralSecurityException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }
}
