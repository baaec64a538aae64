import { createHash } from 'node:crypto';

/** A valid REGON-9 derived from any seed, so each sample unit is distinct (REGON is unique per unit). */
export function regonFor(seed: number | string): string {
  const h = createHash('sha256').update(String(seed)).digest();
  const digits = Array.from({ length: 8 }, (_, i) => (h[i] ?? 0) % 10);
  const sum = [8, 9, 2, 3, 4, 5, 6, 7].reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  return `${digits.join('')}${(sum % 11) % 10}`;
}

/**
 * A valid `POST /api/v1/applications` body (DESIGN §5.2) with unique login and e-mail per `n`.
 * TERYT 2661011 (Kielce) is a valid gmina code; the REGON is derived from `n`.
 */
export function sampleApplication(n: number | string = 1) {
  return {
    unit: {
      name: 'Miejski Ośrodek Pomocy Rodzinie w Kielcach',
      type: 'mopr',
      regon: regonFor(n),
      nip: '8567346215',
      teryt: '2661011',
      address: { street: 'ul. Studzienna 2', postalCode: '25-544', city: 'Kielce' },
      managerName: 'Anna Kowalska',
      email: 'sekretariat@mopr.kielce.example',
      phone: '41 367 60 00',
    },
    user: {
      firstName: 'Jan',
      lastName: 'Nowak',
      email: `jan.nowak.${n}@mopr.kielce.example`,
      phone: '+48 600 100 200',
      position: 'Specjalista ds. sprawozdawczości',
      login: `jnowak${n}`,
      password: 'Zielona-Łąka-Nad-Nidą-2026',
    },
    grants: [{ area: 'PS', subArea: 'sprawozdania-resortowe' }],
    consent: true,
  };
}
