// Builds the infrastructure binaries the project runs (FerretDB, Mailpit, NATS) once; see shared/testing/src/tools.ts.
import { ensureTools } from '@cas/testing';

await ensureTools();
