import { createHash, randomUUID } from 'node:crypto';
import {
  describeSecretMaterial,
  findSecretMaterial,
  type SecretKind,
} from '#lib/validate/secret-material';
import { FAKE, filler, pem, randomBytes } from '../support/fake-secrets';

const kinds = (text: string): SecretKind[] => findSecretMaterial(text).map((m) => m.kind);

describe('findSecretMaterial finds', () => {
  it.each([
    ['RSA PRIVATE KEY'],
    ['PRIVATE KEY'],
    ['ENCRYPTED PRIVATE KEY'],
    ['EC PRIVATE KEY'],
    ['DSA PRIVATE KEY'],
    ['OPENSSH PRIVATE KEY'],
    ['PGP PRIVATE KEY BLOCK'],
  ])('a PEM private key labelled %s, showing only its header', (label) => {
    const text = `# the key\n${pem(label)}`;
    const [found] = findSecretMaterial(text);
    expect(found).toEqual({
      kind: 'private-key',
      description: 'a private key',
      index: 10,
      length: `-----BEGIN ${label}-----`.length,
      redacted: `-----BEGIN ${label}----- …`,
    });
  });

  it('a PuTTY private key file', () => {
    expect(kinds(`PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n`)).toEqual([
      'private-key',
    ]);
  });

  it.each([
    ['postgres://app:hunter2@db.internal:5432/shop', 'postgres://app:…@db.internal:5432'],
    ['redis://:s3cret@redis:6379/0', 'redis://:…@redis:6379'],
    [
      'mongodb+srv://admin:p%40ss@cluster0.example.net/db',
      'mongodb+srv://admin:…@cluster0.example.net',
    ],
    ['https://deploy:tok:en@git.example.com/org/repo.git', 'https://deploy:…@git.example.com'],
    ['amqp://guest:guest@rabbitmq', 'amqp://guest:…@rabbitmq'],
  ])('a password in the URL %s, without the password', (url, redacted) => {
    const text = `DATABASE_URL=${url}`;
    const [found] = findSecretMaterial(text);
    expect(found.kind).toBe('url-password');
    expect(found.index).toBe('DATABASE_URL='.length);
    expect(found.redacted).toBe(redacted);
    expect(describeSecretMaterial(found)).toBe(`a password in a URL (${redacted})`);
  });

  it.each([
    ['a GitHub personal access token', FAKE.githubPat, 'github-token', 'ghp_…'],
    ['a GitHub OAuth token', 'gho_' + filler(36), 'github-token', 'gho_…'],
    ['a GitHub App user token', 'ghu_' + filler(36), 'github-token', 'ghu_…'],
    ['a GitHub App server token', 'ghs_' + filler(36), 'github-token', 'ghs_…'],
    ['a GitHub refresh token', 'ghr_' + filler(36), 'github-token', 'ghr_…'],
    ['a GitHub fine-grained token', FAKE.githubFineGrained, 'github-token', 'github_pat_…'],
    ['a GitLab personal access token', FAKE.gitlabPat, 'gitlab-token', 'glpat-…'],
    ['a GitLab deploy token', 'gldt-' + filler(20), 'gitlab-token', 'gldt-…'],
    ['a Slack bot token', FAKE.slackBot, 'slack-token', 'xoxb-…'],
    ['a Slack user token', 'xoxp-1234-5678-9012-' + filler(32), 'slack-token', 'xoxp-…'],
    [
      'a Slack app-level token',
      'xapp-1-A0' + filler(9) + '-123-' + filler(20),
      'slack-token',
      'xapp-…',
    ],
    ['a Slack webhook', FAKE.slackWebhook, 'slack-webhook', 'hooks.slack.com/services/…'],
    ['a Stripe live secret key', FAKE.stripeLive, 'stripe-key', 'sk_live_…'],
    ['a Stripe restricted key', FAKE.stripeRestricted, 'stripe-key', 'rk_live_…'],
    ['an AWS access key id', FAKE.awsKeyId, 'aws-access-key-id', 'AKIA…'],
    ['an AWS temporary access key id', FAKE.awsTempKeyId, 'aws-access-key-id', 'ASIA…'],
    ['a Google API key', FAKE.googleApiKey, 'google-api-key', 'AIza…'],
    ['an npm token', FAKE.npm, 'npm-token', 'npm_…'],
    ['a SendGrid key', FAKE.sendgrid, 'sendgrid-key', 'SG.…'],
    ['a PyPI token', FAKE.pypi, 'pypi-token', 'pypi-…'],
    ['a signed JWT', FAKE.jwt, 'jwt', 'eyJ….…'],
    ['a Cloud Storage signed URL', FAKE.gcsSignedUrl, 'signed-url', '&X-Goog-Signature=…'],
  ])('%s, by its documented prefix, without echoing it', (_, secret, kind, redacted) => {
    for (const text of [secret, `token: "${secret}"`, `--token=${secret} --verbose`]) {
      const found = findSecretMaterial(text);
      expect(found.map((f) => [f.kind, f.redacted])).toEqual([[kind, redacted]]);
      expect(text.slice(found[0].index, found[0].index + found[0].length)).toContain(
        secret.slice(-10),
      );
      expect(describeSecretMaterial(found[0])).not.toContain(secret.slice(-10));
    }
  });

  it('a service account key file, by its type and by its key', () => {
    const found = findSecretMaterial(FAKE.serviceAccountJson);
    expect(found.map((f) => [f.kind, f.redacted])).toEqual([
      ['google-credentials', '"type": "service_account" …'],
      ['google-credentials', '"private_key": "…'],
      ['private-key', '-----BEGIN PRIVATE KEY----- …'],
    ]);
  });

  it("a user's application default credentials", () => {
    const adc = JSON.stringify({
      client_id: '123.apps.googleusercontent.com',
      client_secret: 'x',
      refresh_token: 'y',
      type: 'authorized_user',
    });
    expect(kinds(adc)).toEqual(['google-credentials']);
  });

  it('every occurrence, in order of position', () => {
    const text = `a=${FAKE.npm} b=postgres://u:p@h/db c=${FAKE.githubPat}`;
    expect(findSecretMaterial(text).map((f) => [f.kind, f.index])).toEqual([
      ['npm-token', 2],
      ['url-password', text.indexOf('postgres:')],
      ['github-token', text.indexOf('ghp_')],
    ]);
  });
});

describe('findSecretMaterial lets through', () => {
  it.each([
    [
      'an image digest',
      `europe-docker.pkg.dev/acme-artifacts/apps/web@sha256:${filler(64, '0123456789abcdef')}`,
    ],
    ['the config-hash annotation', createHash('sha256').update('a: 1').digest('hex').slice(0, 16)],
    ['a UUID', randomUUID()],
    ['a UUID in upper case', randomUUID().toUpperCase()],
    [
      'a base64 JSON config',
      Buffer.from('{"features":{"a":true},"limits":[1,2,3]}').toString('base64'),
    ],
    ['a base64url JSON config', Buffer.from('{"features":{"a":true}}').toString('base64url')],
    ['64 KiB of base64 data', randomBytes(48 * 1024).toString('base64')],
    ['64 KiB of base64url data', randomBytes(48 * 1024, 5).toString('base64url')],
    ['a certificate', pem('CERTIFICATE')],
    ['a public key', pem('PUBLIC KEY')],
    ['an SSH public key', `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${filler(43)} deploy@ci`],
    ['a Git remote', 'git@github.com:acme/shop.git'],
    ['an SSH URL with a user only', 'ssh://git@github.com/acme/shop.git'],
    ['an e-mail address', 'ops@example.com'],
    ['a URL with a port and an @ in its path', 'https://api.example.com:8443/users/@me?x=1'],
    ['a URL with no userinfo', 'https://accounts.google.com/o/oauth2/auth'],
    ['a URL with a user and no password', 'postgres://app@db/shop'],
    ['a URL with an empty password', 'postgres://app:@db/shop'],
    ['a URL whose password is a $(VAR) reference', 'postgres://app:$(DB_PASSWORD)@db/shop'],
    ['a URL whose password is a ${VAR} reference', 'postgres://app:${DB_PASSWORD}@db/shop'],
    ['an IPv6 URL', 'http://[::1]:8080/healthz'],
    ['a Stripe test key', 'sk_' + 'test_' + filler(24)],
    ['a Stripe publishable key', 'pk_' + 'live_' + filler(24)],
    ['an AKIA inside a longer word', 'XAKIA' + filler(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')],
    ['an AKIA id that is too long', 'AKIA' + filler(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')],
    ['a Google API key that is too short', 'AIza' + filler(34)],
    ['a GitHub prefix with too few characters', 'ghp_' + filler(20)],
    ['an npm script', 'npm_config_cache=/tmp/.npm'],
    [
      'external account credentials',
      '{"type": "external_account", "audience": "//iam.googleapis.com/x"}',
    ],
    ['an empty private_key field', '{"private_key": ""}'],
    [
      'an unsigned JWT (alg none)',
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"1234567890"}').toString('base64url')}.${filler(20)}`,
    ],
    [
      'three base64 JSON parts with a header that is not JOSE',
      `eyJhIjoxfQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${filler(20)}`,
    ],
    ['a Kubernetes annotation', '{"ingress": true}'],
    ['an nginx config', 'server { listen 8080; location / { proxy_pass http://127.0.0.1:3000; } }'],
  ])('%s', (_, text) => {
    expect(findSecretMaterial(text)).toEqual([]);
  });
});
