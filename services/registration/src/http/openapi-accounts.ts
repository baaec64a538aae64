import type { z } from 'zod';
import type { Catalogue } from '../domain/catalogue.js';
import {
  adminCreateInput,
  buildPermissionRequestInput,
  emailChangeInput,
  loginInput,
  passwordChangeInput,
  reminderInput,
  secondFactorInput,
} from '../domain/account-input.js';
import { jsonSchemaOf, problemResponse } from '@cas/http';

const jsonSchema = jsonSchemaOf;
const problem = problemResponse;
const jsonBody = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: jsonSchema(s) } } });
const ok = (description: string) => ({ description });
const cookieAuth = [{ session: [] }];
const adminCommon = {
  '401': problem('Niezalogowany'),
  '403': problem('Wymagana zmiana hasła lub drugi składnik'),
  '404': problem('Brak uprawnień lub spoza województwa'),
};

/** Account endpoints of the registration OpenAPI document (DESIGN §5.2, issue #4). */
export function accountPaths(catalogue: Catalogue) {
  return {
    '/.well-known/jwks.json': { get: { summary: 'Klucze publiczne tokenów sesji (EdDSA)', responses: { '200': ok('JWKS') } } },
    '/api/v1/auth/login': {
      post: {
        summary: 'Logowanie (login lub e-mail + hasło); ustawia ciasteczko sesji',
        requestBody: jsonBody(loginInput),
        responses: {
          '200': ok('Zalogowano; `next` wskazuje następny krok'),
          '400': problem('Niepoprawne dane'),
          '401': problem('Nieprawidłowy login lub hasło albo konto zablokowane (zawsze ta sama odpowiedź)'),
          '429': problem('Zbyt wiele prób z tego adresu (Retry-After)'),
        },
      },
    },
    '/api/v1/auth/logout': { post: { summary: 'Wylogowanie', security: cookieAuth, responses: { '204': ok('Sesja zakończona') } } },
    '/api/v1/auth/session': {
      get: { summary: 'Bieżąca sesja', security: cookieAuth, responses: { '200': ok('Konto'), '401': problem('Niezalogowany') } },
    },
    '/api/v1/auth/password-reminder': {
      post: {
        summary: 'Przypomnij hasło: hasło tymczasowe e-mailem (zawsze 202)',
        requestBody: jsonBody(reminderInput),
        responses: { '202': ok('Przyjęto'), '400': problem('Niepoprawne dane'), '429': problem('Zbyt wiele żądań') },
      },
    },
    '/api/v1/auth/password': {
      post: {
        summary: 'Zmiana hasła (także wymuszona po haśle tymczasowym); kończy pozostałe sesje',
        security: cookieAuth,
        requestBody: jsonBody(passwordChangeInput),
        responses: {
          '200': ok('Zmieniono; nowe ciasteczko sesji'),
          '400': problem('Hasło niezgodne z zasadami'),
          '401': problem('Niezalogowany'),
          '422': problem('Obecne hasło nieprawidłowe'),
        },
      },
    },
    '/api/v1/account': {
      get: {
        summary: 'Moje konto i uprawnienia',
        security: cookieAuth,
        responses: { '200': ok('Konto'), '401': problem('Niezalogowany'), '403': problem('Najpierw zmień hasło') },
      },
    },
    '/api/v1/account/email': {
      post: {
        summary: 'Zmiana adresu e-mail: link potwierdzający na nowy adres (adres zmienia się po potwierdzeniu)',
        security: cookieAuth,
        requestBody: jsonBody(emailChangeInput),
        responses: {
          '202': ok('Wysłano link'),
          '400': problem('Niepoprawny adres'),
          '401': problem('Niezalogowany'),
          '422': problem('Obecne hasło nieprawidłowe'),
        },
      },
    },
    '/api/v1/permission-requests': {
      get: {
        summary: 'Moje wnioski o uprawnienia',
        security: cookieAuth,
        responses: { '200': ok('Wnioski'), '401': problem('Niezalogowany') },
      },
      post: {
        summary: 'Wnioskuj o rozszerzenie uprawnień (podobszary własnej lub innej jednostki)',
        security: cookieAuth,
        parameters: [
          { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,128}$' } },
        ],
        requestBody: jsonBody(buildPermissionRequestInput(catalogue)),
        responses: {
          '201': ok('Złożono'),
          '400': problem('Niepoprawne dane'),
          '401': problem('Niezalogowany'),
          '422': problem('Uprawnienia już posiadane lub nieznana jednostka'),
        },
      },
    },
    '/api/v1/auth/totp/enrolment': {
      post: {
        summary: 'Administrator: nowy sekret TOTP',
        security: cookieAuth,
        responses: { '201': ok('Sekret i URI otpauth'), ...adminCommon },
      },
    },
    '/api/v1/auth/totp/confirmation': {
      post: {
        summary: 'Administrator: potwierdź TOTP kodem; zwraca kody zapasowe',
        security: cookieAuth,
        requestBody: jsonBody(secondFactorInput),
        responses: { '200': ok('Kody zapasowe (jednorazowo)'), ...adminCommon },
      },
    },
    '/api/v1/auth/second-factor': {
      post: {
        summary: 'Administrator: drugi składnik (TOTP lub kod zapasowy)',
        security: cookieAuth,
        requestBody: jsonBody(secondFactorInput),
        responses: { '200': ok('Potwierdzono'), ...adminCommon },
      },
    },
    '/api/v1/admin/users': {
      get: {
        summary: 'Administrator: znajdź konto po loginie (w swoim województwie)',
        security: cookieAuth,
        responses: { '200': ok('Konta'), ...adminCommon },
      },
    },
    '/api/v1/admin/users/{id}/unblock': {
      post: {
        summary: 'Administrator: odblokuj konto',
        security: cookieAuth,
        responses: { '200': ok('Odblokowano'), '409': problem('Konto nie jest zablokowane'), ...adminCommon },
      },
    },
    '/api/v1/admin/users/{id}/revoke-sessions': {
      post: {
        summary: 'Administrator: zakończ wszystkie sesje konta',
        security: cookieAuth,
        responses: { '200': ok('Zakończono'), ...adminCommon },
      },
    },
    '/api/v1/admin/voivodeship-admins': {
      get: {
        summary: 'Administrator centralny: administratorzy wojewódzcy',
        security: cookieAuth,
        responses: { '200': ok('Lista'), ...adminCommon },
      },
      post: {
        summary: 'Administrator centralny: dodaj administratora wojewódzkiego',
        security: cookieAuth,
        requestBody: jsonBody(adminCreateInput),
        responses: { '201': ok('Utworzono'), '422': problem('Login zajęty'), ...adminCommon },
      },
    },
    '/api/v1/admin/voivodeship-admins/{id}/disable': {
      post: {
        summary: 'Administrator centralny: wyłącz administratora wojewódzkiego',
        security: cookieAuth,
        responses: { '200': ok('Wyłączono'), ...adminCommon },
      },
    },
    '/api/v1/audit': {
      get: {
        summary: 'Dziennik zdarzeń województwa administratora (centralny: wszystkie)',
        security: cookieAuth,
        responses: { '200': ok('Wpisy'), ...adminCommon },
      },
    },
  };
}

export const sessionSecurityScheme = { session: { type: 'apiKey', in: 'cookie', name: 'cas_session' } } as const;
