import { z } from 'zod';

// Validation messages from zod reach people through problem JSON: make them Polish everywhere.
z.config(z.locales.pl());

export * from './names.js';
export * from './envelope.js';
export * from './common.js';
export * from './registry.js';
export * from './requests.js';
export * as RegistrationEvents from './events/registration.js';
export * as IntakeEvents from './events/intake.js';
export * as ApprovalEvents from './events/approval.js';
export { APPLICATION_REJECT_REASONS } from './events/approval.js';
export { z };
export { uuidv7 } from './uuid7.js';
