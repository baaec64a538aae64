/**
 * A valid `POST /api/v1/applications` body (DESIGN §5.2) with unique login and e-mail per `n`.
 * REGON 123456785 and TERYT 2661011 (Kielce) are valid identifiers.
 */
export function sampleApplication(n: number | string = 1) {
  return {
    unit: {
      name: 'Miejski Ośrodek Pomocy Rodzinie w Kielcach',
      type: 'mopr',
      regon: '123456785',
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
