import type { NextFunction, Request, Response } from 'express';
import { AppError } from '@cas/errors';
import type { MailroomClient, MailroomClientRepository } from '../store/mailroom-client.repository.js';

const unauthorized = () =>
  new AppError('INTAKE.UNAUTHORIZED', 'Brak poprawnego klucza API kancelarii (nagłówek Authorization: Bearer …).', {
    status: 401,
    headers: { 'WWW-Authenticate': 'Bearer realm="cas-intake"' },
  });

/** The mailroom client authenticated by `Authorization: Bearer <API key>` (set on `res.locals.client`). */
export function requireMailroomClient(clients: MailroomClientRepository) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const m = /^Bearer\s+(\S{1,200})$/i.exec(req.get('authorization') ?? '');
    const client = m ? await clients.authenticate(m[1]!) : null;
    if (!client) throw unauthorized();
    res.locals.client = client;
    next();
  };
}

export const mailroomClientOf = (res: Response): MailroomClient => res.locals.client as MailroomClient;
