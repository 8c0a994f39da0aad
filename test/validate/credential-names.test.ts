import {
  credentialFlags,
  isCredentialName,
  isNonSecretValue,
  isPlaintextCredential,
  nameWords,
} from '#lib/validate/credential-names';

describe('nameWords', () => {
  it.each([
    ['JWT_SIGNING_KEY', ['JWT', 'SIGNING', 'KEY']],
    ['dbPassword', ['DB', 'PASSWORD']],
    ['DBPassword', ['DB', 'PASSWORD']],
    ['x-api-key', ['X', 'API', 'KEY']],
    ['OAuthClientId', ['OAUTH', 'CLIENT', 'ID']],
    ['AUTH0_DOMAIN', ['AUTH0', 'DOMAIN']],
  ])('splits %s', (name, words) => {
    expect(nameWords(name)).toEqual(words);
  });
});

describe('isCredentialName', () => {
  it.each([
    'DB_PASS',
    'SMTP_PASSWORD',
    'MYSQLPASSWORD',
    'MYSQL_PWD',
    'PASSPHRASE',
    'REDIS_AUTH',
    'Authorization',
    'X-Auth-Token',
    'X-Api-Key',
    'JWT_SIGNING_KEY',
    'SECRET_KEY_BASE',
    'CLIENT_SECRET',
    'AWS_SECRET_ACCESS_KEY',
    'GITHUB_TOKEN',
    'APITOKEN',
    'ADMIN_KEY',
    'TLS_KEY',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'DOCKER_CREDS',
    'db-password',
  ])('%s names a credential', (name) => {
    expect(isCredentialName(name)).toBe(true);
  });

  it.each([
    'PASSWORD_FILE',
    'TOKEN_TTL_SECONDS',
    'AUTH_URL',
    'SECRET_NAME',
    'PASSWORD_MIN_LENGTH',
    'JWT_SIGNING_KEY_PATH',
    'AUTH_ENABLED',
    'TOKEN_EXPIRY',
    'AUTHOR',
    'OAUTH_CLIENT_ID',
    'OAuthClientId',
    'TOKENIZERS_PARALLELISM',
    'PASSENGER_APP_ENV',
    'BYPASS',
    'SECRETARY',
    'CACHE_KEY',
    'PUBLIC_KEY',
    'S3_KEY',
    'AUTH0_DOMAIN',
    'Host',
  ])('%s does not', (name) => {
    expect(isCredentialName(name)).toBe(false);
  });
});

describe('isNonSecretValue', () => {
  it.each([
    '',
    'true',
    'FALSE',
    'none',
    '1',
    '/var/secrets/key.json',
    '/run/secrets/db',
    'file:///run/secrets/db',
    'https://accounts.google.com/o/oauth2/auth',
    'http://vault:8200',
    '$(DB_PASSWORD)',
    '${DB_PASSWORD}',
  ])('%j cannot be a secret', (value) => {
    expect(isNonSecretValue(value)).toBe(true);
  });

  it.each([
    'hunter2',
    '/x8Kd9+Qa==',
    '/root',
    'https://user:pass@host/x',
    'postgres://db/shop',
    'Bearer abc',
    '$(A)$(B)',
  ])('%j can', (value) => {
    expect(isNonSecretValue(value)).toBe(false);
  });

  it('together with the name decides', () => {
    expect(isPlaintextCredential('DB_PASSWORD', 'hunter2')).toBe(true);
    expect(isPlaintextCredential('DB_PASSWORD', '$(FROM_SECRET)')).toBe(false);
    expect(isPlaintextCredential('LOG_LEVEL', 'hunter2')).toBe(false);
  });
});

describe('credentialFlags', () => {
  it('finds --name value and --name=value with the index of the value', () => {
    expect(
      credentialFlags([
        'serve',
        '--db-password',
        'x',
        '--api-key=y',
        '-token',
        'z',
        '--port',
        '80',
      ]),
    ).toEqual([
      { flag: '--db-password', index: 2 },
      { flag: '--api-key', index: 3 },
      { flag: '-token', index: 5 },
    ]);
  });

  it('lets through files, references, switches and flags without a value', () => {
    expect(
      credentialFlags([
        '--password-file',
        '/run/secrets/db',
        '--api-key=$(API_KEY)',
        '--auth',
        'none',
        '--token',
        '--verbose',
        '--secret',
      ]),
    ).toEqual([]);
  });
});
