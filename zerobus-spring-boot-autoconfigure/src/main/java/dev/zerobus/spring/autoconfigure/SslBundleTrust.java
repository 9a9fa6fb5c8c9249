package dev.zerobus.spring.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.Collections;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The trust material of a Boot {@link SslBundle} as a PEM file, the form the native client reads its extra CA
 * certificates from. Only certificates are written (no keys), to a file readable by this user only.
 */
final class SslBundleTrust {

    private SslBundleTrust() {}

    static Path pemFile(String bundleName, SslBundles bundles) {
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(bundleName);
        } catch (NoSuchSslBundleException ex) {
            throw new InvalidZerobusConfigurationException(
                    "zerobus.ssl.bundle",
                    "= '" + bundleName + "' names no SSL bundle",
                    "Define it under spring.ssl.bundle.",
                    ex);
        }
        KeyStore trustStore = bundle.getStores().getTrustStore();
        if (trustStore == null) {
            throw new InvalidZerobusConfigurationException(
                    "zerobus.ssl.bundle",
                    "= '" + bundleName + "' has no trust material",
                    "Give the bundle a truststore or CA certificates.",
                    null);
        }
        StringBuilder pem = new StringBuilder();
        try {
            for (String alias : Collections.list(trustStore.aliases())) {
                Certificate certificate = trustStore.getCertificate(alias);
                if (certificate != null) {
                    pem.append("-----BEGIN CERTIFICATE-----\n")
                            .append(Base64.getMimeEncoder(64, new byte[] {'\n'})
                                    .encodeToString(certificate.getEncoded()))
                            .append("\n-----END CERTIFICATE-----\n");
                }
            }
            Path file = Files.createTempFile("zerobus-trust-", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            return file;
        } catch (KeyStoreException | CertificateEncodingException | IOException ex) {
            throw new InvalidZerobusConfigurationException(
                    "zerobus.ssl.bundle",
                    "= '" + bundleName + "' cannot be read: " + ex.getMessage(),
                    "Check the bundle.",
                    ex);
        }
    }
}
