/**
 * `npm run keys:notification`: a new X25519 key pair for the temporary passwords that registration encrypts
 * for notification (JWE). Prints the two environment values; put the private one only into notification's
 * secret store.
 */
import { generateEncryptionKeyPair } from '@cas/auth';

const pair = await generateEncryptionKeyPair();
process.stdout.write(`NOTIFICATION_JWE_PUBLIC_KEY='${JSON.stringify(pair.publicJwk)}'    # registration\n`);
process.stdout.write(`NOTIFICATION_JWE_PRIVATE_KEY='${JSON.stringify(pair.privateJwk)}'   # notification only\n`);
