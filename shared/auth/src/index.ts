export * from './session-token.js';
export { AuthErrors } from './errors.js';
export {
  decryptWith,
  encryptFor,
  generateEncryptionKeyPair,
  type DecryptOptions,
  type EncryptionKeyPair,
  type EncryptOptions,
} from './jwe.js';
export { base32Decode, base32Encode } from './base32.js';
export {
  generateTotpSecret,
  otpauthUri,
  totpCode,
  totpStep,
  verifyTotp,
  type OtpauthUriInput,
  type TotpOptions,
  type TotpVerification,
  type VerifyTotpOptions,
} from './totp.js';
export { generateRecoveryCodes, hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes.js';
export { safeReturnPath } from './return-url.js';
export { SESSION_COOKIE } from './session-cookie.js';
