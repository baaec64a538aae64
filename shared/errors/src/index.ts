export { AppError, isAppError, type AppErrorOptions, type FieldError } from './app-error.js';
export { CommonErrors } from './codes.js';
export { toProblem, toAppError, problemTypeFor, type ProblemDetails } from './problem.js';
export { zodIssuesToFieldErrors } from './zod-issues.js';
export { withTimeout } from './timeout.js';
