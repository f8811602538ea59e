import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { integer } from '../../src/cluster/tls/der.js';
import { selfSignedCertificate } from '../../src/cluster/tls/self-signed.js';

describe('the embedded cluster’s serving certificate', () => {
  it('encodes an INTEGER minimally, as DER requires (a leading zero only before a high bit)', () => {
    expect(integer(Buffer.from([0x00, 0x12]))).toEqual(Buffer.from([0x02, 0x01, 0x12]));
    expect(integer(Buffer.from([0x00, 0x00, 0x80]))).toEqual(Buffer.from([0x02, 0x02, 0x00, 0x80]));
    expect(integer(Buffer.from([0x80]))).toEqual(Buffer.from([0x02, 0x02, 0x00, 0x80]));
    expect(integer(Buffer.from([0x00]))).toEqual(Buffer.from([0x02, 0x01, 0x00]));
  });

  it('loads into a TLS context every time (a serial starting with a zero byte once broke 1 start in 512)', () => {
    for (let i = 0; i < 600; i += 1) {
      const { certPem, keyPem } = selfSignedCertificate('rollbench');
      expect(() => createSecureContext({ cert: certPem, key: keyPem })).not.toThrow();
    }
    const cert = new X509Certificate(selfSignedCertificate('rollbench').certPem);
    expect(cert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });
});
