import { SERVICE_NAMES } from '@cas/testing';
import { at, type Endpoint } from './policy.js';

/**
 * Document intake (3002): the mailroom API (an API key bound to a voivodeship) and the scan file for admins of
 * the scan's voivodeship (DESIGN §5.2).
 */
export const INTAKE_ENDPOINTS: Endpoint[] = [
  {
    service: 'document-intake',
    method: 'POST',
    route: '/api/v1/scans',
    page: false,
    access: 'mailroom',
    resource: false,
    phase: 2,
    request: (c) => ({
      path: '/api/v1/scans',
      multipart: () => {
        const form = new FormData();
        form.append('channel', 'api');
        form.append('file', new Blob([new Uint8Array(c.fx.uploadBytes)], { type: 'image/jpeg' }), 'pismo.jpg');
        return form;
      },
    }),
  },
  {
    service: 'document-intake',
    method: 'GET',
    route: '/api/v1/scans/:id',
    page: false,
    access: 'mailroom',
    resource: true,
    phase: 1,
    request: (c) => at(`/api/v1/scans/${c.side.scan}`),
  },
  {
    service: 'document-intake',
    method: 'GET',
    route: '/api/v1/scans/:id/file',
    page: false,
    access: 'admin',
    resource: true,
    phase: 1,
    request: (c) => at(`/api/v1/scans/${c.side.scan}/file`),
  },
];

/** Notification (3004): internal, called by approval's pages with the administrator's token. */
export const NOTIFICATION_ENDPOINTS: Endpoint[] = [
  {
    service: 'notification',
    method: 'GET',
    route: '/api/v1/deliveries',
    page: false,
    access: 'admin',
    resource: true,
    phase: 1,
    request: (c) => at(`/api/v1/deliveries?voivodeship=${c.v}&limit=100`),
    visible: (body, c) => ((JSON.parse(body) as { items?: { id: string }[] }).items ?? []).some((d) => d.id === c.side.delivery.id),
  },
  {
    service: 'notification',
    method: 'POST',
    route: '/api/v1/deliveries/:id/retry',
    page: false,
    access: 'admin',
    resource: true,
    phase: 2,
    request: (c) => at(`/api/v1/deliveries/${encodeURIComponent(c.side.delivery.id)}/retry`),
  },
  {
    service: 'notification',
    method: 'GET',
    route: '/szablony',
    page: true,
    access: 'admin',
    resource: false,
    phase: 1,
    request: () => at('/szablony'),
  },
];

/**
 * Every service's platform routes (@cas/http): health and readiness for probes and load balancers, metrics for
 * Prometheus, the OpenAPI document (DESIGN §5.2): public, nothing personal in them.
 */
export const PLATFORM_ENDPOINTS: Endpoint[] = SERVICE_NAMES.flatMap((service) =>
  ['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json'].map((route): Endpoint => ({
    service,
    method: 'GET',
    route,
    page: false,
    access: 'public',
    resource: false,
    phase: 1,
    request: () => at(route),
  })),
);
