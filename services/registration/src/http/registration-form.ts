import type { FieldError } from '@cas/errors';

/**
 * The HTML form posts flat, dotted field names (`unit.address.city`, `grants=PS/ocena-zasobow`, …); this turns
 * them into the API's body so one schema validates both, and maps schema errors back onto form fields.
 */
export type FormBody = Record<string, string | string[] | undefined>;

const one = (b: FormBody, k: string): string | undefined => {
  const v = b[k];
  return Array.isArray(v) ? v[0] : v;
};

export function formToInput(b: FormBody): unknown {
  const s = (k: string) => one(b, k) ?? '';
  const choice = s('unitChoice');
  const unit =
    choice && choice !== 'new'
      ? { existingUnitId: choice }
      : {
          name: s('unit.name'),
          type: s('unit.type'),
          regon: s('unit.regon'),
          ...(s('unit.nip') ? { nip: s('unit.nip') } : {}),
          teryt: s('unit.teryt'),
          address: { street: s('unit.address.street'), postalCode: s('unit.address.postalCode'), city: s('unit.address.city') },
          managerName: s('unit.managerName'),
          email: s('unit.email'),
          phone: s('unit.phone'),
        };
  const rawGrants = b.grants === undefined ? [] : Array.isArray(b.grants) ? b.grants : [b.grants];
  const grants = rawGrants.map((g) => {
    const [area, subArea] = String(g).split('/');
    return { area: area ?? '', subArea: subArea ?? '' };
  });
  return {
    unit,
    user: {
      firstName: s('user.firstName'),
      lastName: s('user.lastName'),
      email: s('user.email'),
      phone: s('user.phone'),
      position: s('user.position'),
      login: s('user.login'),
      password: s('user.password'),
    },
    grants,
    consent: s('consent') === 'tak',
  };
}

/** What to show again after an error: everything typed except passwords. */
export function formValues(b: FormBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(b)) {
    if (k.startsWith('user.password') || k === '_csrf' || k === 'grants') continue;
    const val = Array.isArray(v) ? v[0] : v;
    if (typeof val === 'string') out[k] = val.slice(0, 400);
  }
  return out;
}

export function formGrants(b: FormBody): Set<string> {
  const g = b.grants === undefined ? [] : Array.isArray(b.grants) ? b.grants : [b.grants];
  return new Set(g.map(String));
}

/** Schema error paths → form field names (first message per field). */
export function fieldErrors(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    let name = e.field;
    if (name.startsWith('grants')) name = 'grants';
    else if (name === 'unit') name = 'unit.name';
    else if (name === 'consent') name = 'consent';
    out[name] ??= e.message;
  }
  return out;
}
