/**
 * The development key pair for temporary passwords in transit (the defaults of registration's
 * NOTIFICATION_JWE_PUBLIC_KEY and notification's NOTIFICATION_JWE_PRIVATE_KEY outside production): tests
 * encrypt with the public half and read temporary passwords with the private one.
 */
export const DEV_NOTIFICATION_PUBLIC_JWK = {
  crv: 'X25519',
  x: '5GWz85RofkUQoAh_aW64Pjb3YIhB5TvBeo_DhpEntEc',
  kty: 'OKP',
  kid: 'dev-notification-1',
  alg: 'ECDH-ES+A256KW',
  use: 'enc',
};
export const DEV_NOTIFICATION_PRIVATE_JWK = { ...DEV_NOTIFICATION_PUBLIC_JWK, d: 'GNTeRIjL00QmUBrE55Wdc8yQykwPjsFGOw8AqgcejXI' };
