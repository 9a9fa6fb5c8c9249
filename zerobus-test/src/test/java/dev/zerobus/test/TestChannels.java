package dev.zerobus.test;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/** Client-side plumbing for tests: gRPC channels and a JSSE context trusting the server's CA. */
final class TestChannels {

    private TestChannels() {}

    /** A plain grpc-java channel to the server; TLS (trusting only the server's CA) when the server uses TLS. */
    static ManagedChannel open(ZerobusTestServer server) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", server.port());
        if (server.isTls()) {
            try {
                builder.sslContext(GrpcSslContexts.forClient()
                        .trustManager(server.caCertificatePath().toFile())
                        .build());
            } catch (SSLException e) {
                throw new IllegalStateException(e);
            }
        } else {
            builder.usePlaintext();
        }
        return builder.build();
    }

    static SSLContext trustingCa(String caPem) {
        try {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("zerobus-test-ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
