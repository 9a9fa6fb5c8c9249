//! Certificate verification for servers addressed by IP (e.g. `https://127.0.0.1:8443`): webpki 0.22 verifies the
//! chain, and the certificate's subjectAltName must list that IP address (a minimal DER walk finds it).

use rustls::client::ServerCertVerified;
use rustls::Certificate;
use std::net::IpAddr;
use std::time::SystemTime;

static SIGNATURE_ALGORITHMS: &[&webpki::SignatureAlgorithm] = &[
    &webpki::ECDSA_P256_SHA256,
    &webpki::ECDSA_P256_SHA384,
    &webpki::ECDSA_P384_SHA256,
    &webpki::ECDSA_P384_SHA384,
    &webpki::ED25519,
    &webpki::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
    &webpki::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
    &webpki::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
    &webpki::RSA_PKCS1_2048_8192_SHA256,
    &webpki::RSA_PKCS1_2048_8192_SHA384,
    &webpki::RSA_PKCS1_2048_8192_SHA512,
    &webpki::RSA_PKCS1_3072_8192_SHA384,
];

pub fn verify(
    anchors_der: &[Vec<u8>],
    end_entity: &Certificate,
    intermediates: &[Certificate],
    ip: IpAddr,
    now: SystemTime,
) -> Result<ServerCertVerified, rustls::Error> {
    let bad = |why: String| rustls::Error::InvalidCertificateData(why);
    let anchors: Vec<webpki::TrustAnchor> =
        anchors_der.iter().filter_map(|der| webpki::TrustAnchor::try_from_cert_der(der).ok()).collect();
    let cert = webpki::EndEntityCert::try_from(end_entity.0.as_slice()).map_err(|e| bad(format!("{e:?}")))?;
    let chain: Vec<&[u8]> = intermediates.iter().map(|c| c.0.as_slice()).collect();
    let time = webpki::Time::try_from(now).map_err(|_| rustls::Error::FailedToGetCurrentTime)?;
    cert.verify_is_valid_tls_server_cert(SIGNATURE_ALGORITHMS, &webpki::TlsServerTrustAnchors(&anchors), &chain, time)
        .map_err(|e| bad(format!("invalid peer certificate: {e:?}")))?;
    let wanted: Vec<u8> = match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    };
    if san_ip_addresses(&end_entity.0).unwrap_or_default().contains(&wanted.as_slice()) {
        Ok(ServerCertVerified::assertion())
    } else {
        Err(bad(format!("invalid peer certificate: not valid for IP address {ip}")))
    }
}

/// One DER element: (tag, contents, rest).
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        first as usize
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
        rest = &rest[n..];
        len
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

const SEQUENCE: u8 = 0x30;
const EXTENSIONS: u8 = 0xa3; // [3] EXPLICIT in TBSCertificate
const OID: u8 = 0x06;
const OCTET_STRING: u8 = 0x04;
const IP_ADDRESS: u8 = 0x87; // GeneralName iPAddress [7] IMPLICIT OCTET STRING
const SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11]; // 2.5.29.17

/// The iPAddress entries of the certificate's subjectAltName extension.
pub fn san_ip_addresses(cert_der: &[u8]) -> Option<Vec<&[u8]>> {
    let (SEQUENCE, cert, _) = tlv(cert_der)? else { return None };
    let (SEQUENCE, mut tbs, _) = tlv(cert)? else { return None };
    while !tbs.is_empty() {
        let (tag, contents, rest) = tlv(tbs)?;
        tbs = rest;
        if tag != EXTENSIONS {
            continue;
        }
        let (SEQUENCE, mut extensions, _) = tlv(contents)? else { return None };
        while !extensions.is_empty() {
            let (_, extension, rest) = tlv(extensions)?;
            extensions = rest;
            let (OID, oid, mut fields) = tlv(extension)? else { continue };
            if oid != SUBJECT_ALT_NAME {
                continue;
            }
            // Skip the optional `critical` BOOLEAN.
            let mut value = None;
            while !fields.is_empty() {
                let (tag, contents, rest) = tlv(fields)?;
                fields = rest;
                if tag == OCTET_STRING {
                    value = Some(contents);
                }
            }
            let (SEQUENCE, mut names, _) = tlv(value?)? else { return None };
            let mut out = Vec::new();
            while !names.is_empty() {
                let (tag, contents, rest) = tlv(names)?;
                names = rest;
                if tag == IP_ADDRESS {
                    out.push(contents);
                }
            }
            return Some(out);
        }
    }
    Some(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn der(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        if contents.len() < 128 {
            out.push(contents.len() as u8);
        } else {
            out.push(0x82);
            out.extend_from_slice(&(contents.len() as u16).to_be_bytes());
        }
        out.extend_from_slice(contents);
        out
    }

    /// A skeleton certificate carrying only what the SAN walk looks at.
    fn cert_with_sans(names: &[Vec<u8>]) -> Vec<u8> {
        let general_names = der(SEQUENCE, &names.concat());
        let mut extension = der(OID, SUBJECT_ALT_NAME);
        extension.extend(der(OCTET_STRING, &general_names));
        let mut basic = der(OID, &[0x55, 0x1d, 0x13]);
        basic.extend(der(0x01, &[0xff]));
        basic.extend(der(OCTET_STRING, &der(SEQUENCE, &[])));
        let extensions = der(SEQUENCE, &[der(SEQUENCE, &basic), der(SEQUENCE, &extension)].concat());
        let mut tbs = der(0xa0, &der(0x02, &[2]));
        tbs.extend(der(0x02, &[1, 2, 3]));
        tbs.extend(der(SEQUENCE, &[0u8; 200]));
        tbs.extend(der(EXTENSIONS, &extensions));
        let mut cert = der(SEQUENCE, &tbs);
        cert.extend(der(SEQUENCE, &[]));
        cert.extend(der(0x03, &[0]));
        der(SEQUENCE, &cert)
    }

    #[test]
    fn finds_ip_sans() {
        let cert =
            cert_with_sans(&[der(0x82, b"localhost"), der(IP_ADDRESS, &[127, 0, 0, 1]), der(IP_ADDRESS, &[0; 16])]);
        let ips = san_ip_addresses(&cert).unwrap();
        assert_eq!(ips, vec![&[127u8, 0, 0, 1][..], &[0u8; 16][..]]);
    }

    #[test]
    fn no_ip_sans() {
        let cert = cert_with_sans(&[der(0x82, b"example.com")]);
        assert_eq!(san_ip_addresses(&cert).unwrap(), Vec::<&[u8]>::new());
        assert!(san_ip_addresses(&[0x30, 0x05, 0x01]).is_none());
    }
}
