import { validateObjects } from '#lib/validate/validate-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { StatefulService } from '#lib/workloads/stateful-service';
import { isAllowed, type PodEndpoint, podsOf } from '#lib/plan/network-policy-eval';
import { chartFor, find, type K8sObject, objectsOf } from '../support/synth';

/*
 * GKE's tutorial "Deploy WordPress on GKE with Persistent Disk and Cloud SQL", its
 * persistent-disk variant (cloud.google.com/kubernetes-engine/docs/tutorials/persistent-disk,
 * the mysql.yaml / wordpress.yaml / *-volumeclaim.yaml of GoogleCloudPlatform/
 * kubernetes-engine-samples): MySQL with its data on a 200Gi ReadWriteOnce disk, reachable
 * in the cluster on 3306, its root password from the Secret `mysql`; WordPress with
 * /var/www/html on a 200Gi disk, reading the database host and the same password, behind an
 * external passthrough load balancer on port 80. Expressed with the library's props only.
 */
function wordpress(): K8sObject[] {
  const chart = chartFor('prod');
  const mysql = new StatefulService(chart, 'mysql', {
    image: 'mysql:8.0.40',
    port: 3306,
    portName: 'mysql',
    volumes: { '/var/lib/mysql': { size: '200Gi' } },
    secretEnv: { MYSQL_ROOT_PASSWORD: { secret: 'mysql', key: 'password' } },
    // The image's mysql user; it writes its socket and temporary files here.
    runAsUser: 999,
    scratchPaths: ['/var/run/mysqld', '/tmp'],
  });
  new StatefulService(chart, 'wordpress', {
    image: 'wordpress:6.7.1-apache',
    port: 8080,
    portName: 'wordpress',
    servicePort: 80,
    volumes: { '/var/www/html': { size: '200Gi' } },
    // WORDPRESS_DB_HOST (the MySQL client Service's DNS name) and WORDPRESS_DB_PORT.
    connections: { WORDPRESS_DB: mysql },
    secretEnv: { WORDPRESS_DB_PASSWORD: { secret: 'mysql', key: 'password' } },
    runAsUser: 33,
    scratchPaths: ['/tmp', '/var/run/apache2', '/var/lock/apache2'],
    service: { type: 'LoadBalancer' },
  });
  return objectsOf(chart);
}

describe("GKE's WordPress on persistent disks, without escape hatches", () => {
  const objects = wordpress();

  it("keeps each app's files on a 200Gi ReadWriteOnce disk per pod", () => {
    for (const [name, path] of [
      ['mysql', '/var/lib/mysql'],
      ['wordpress', '/var/www/html'],
    ]) {
      const set = find(objects, 'StatefulSet', name);
      const [claim] = set.spec.volumeClaimTemplates;
      expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
      expect(claim.spec.resources.requests.storage).toBe('200Gi');
      const mount = set.spec.template.spec.containers[0].volumeMounts.find(
        (m: K8sObject) => m.mountPath === path,
      );
      expect(mount.name).toBe(claim.metadata.name);
      // Deleting the app keeps its data.
      expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      });
    }
  });

  it('gives WordPress the database host and both apps the password from the Secret', () => {
    const env = (name: string) =>
      find(objects, 'StatefulSet', name).spec.template.spec.containers[0].env;
    expect(env('wordpress')).toEqual(
      expect.arrayContaining([
        { name: 'WORDPRESS_DB_HOST', value: 'mysql-client.acme-prod.svc.cluster.local' },
        { name: 'WORDPRESS_DB_PORT', value: '3306' },
        {
          name: 'WORDPRESS_DB_PASSWORD',
          valueFrom: { secretKeyRef: { name: 'mysql', key: 'password', optional: false } },
        },
      ]),
    );
    expect(env('mysql')).toEqual(
      expect.arrayContaining([
        {
          name: 'MYSQL_ROOT_PASSWORD',
          valueFrom: { secretKeyRef: { name: 'mysql', key: 'password', optional: false } },
        },
      ]),
    );
  });

  it('keeps MySQL inside the cluster and puts WordPress behind a passthrough load balancer on 80', () => {
    expect(find(objects, 'Service', 'mysql-client').spec.type).toBe('ClusterIP');
    const front = find(objects, 'Service', 'wordpress-client');
    expect(front.spec.type).toBe('LoadBalancer');
    expect(front.spec.ports).toEqual([
      { name: 'wordpress', port: 80, targetPort: 8080, protocol: 'TCP' },
    ]);
  });

  it('lets the internet reach WordPress, WordPress reach MySQL, and nothing else reach MySQL', () => {
    const pod = (name: string) => podsOf(objects).find((p) => p.name === name) as PodEndpoint;
    const internet = { kind: 'address' as const, ip: '198.51.100.7' };
    expect(isAllowed(objects, { from: internet, to: pod('wordpress'), port: 8080 })).toBe(true);
    expect(isAllowed(objects, { from: pod('wordpress'), to: pod('mysql'), port: 3306 })).toBe(true);
    expect(isAllowed(objects, { from: internet, to: pod('mysql'), port: 3306 })).toBe(false);
  });

  it('is valid on 1.27 and 1.36 and under the semantic rules', () => {
    expect(validateObjects(objects)).toEqual([]);
    expect(validateSemantics(objects)).toEqual([]);
  });
});

describe('StatefulService service: a LoadBalancer client Service', () => {
  it('takes a declared regional static IP and source ranges as a WebService does', () => {
    const chart = chartFor('prod');
    new StatefulService(chart, 'db', {
      image: 'postgres:16.4',
      port: 5432,
      volumes: { '/var/lib/postgresql/data': { size: '10Gi' } },
      service: {
        type: 'LoadBalancer',
        internal: true,
        staticIp: 'ilb',
        sourceRanges: ['10.0.0.0/8'],
      },
    });
    const client = find(objectsOf(chart), 'Service', 'db-client');
    expect(client.metadata.annotations).toEqual({
      'networking.gke.io/load-balancer-type': 'Internal',
      'networking.gke.io/load-balancer-ip-addresses': 'acme-prod-ilb',
    });
    expect(client.spec.loadBalancerSourceRanges).toEqual(['10.0.0.0/8']);
  });

  it('refuses load balancer settings on a ClusterIP Service', () => {
    const chart = chartFor('prod');
    expect(
      () =>
        new StatefulService(chart, 'db', {
          image: 'postgres:16.4',
          port: 5432,
          service: { sourceRanges: ['10.0.0.0/8'] },
        }),
    ).toThrow(
      "StatefulService 'prod/db': 'service.type' is 'ClusterIP', but 'staticIp', 'internal' or 'sourceRanges' is set; set 'type: LoadBalancer', or leave those out",
    );
  });
});
