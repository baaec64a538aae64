/** Stored name of the session cookie every service reads: renaming it logs everybody out. */
export const SESSION_COOKIE = 'cas_session';
