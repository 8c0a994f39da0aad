import { checkOneOf, fail } from '../../core/errors';
import { checkFormat, isValidPortName } from '../../core/apimachinery';
import { checkPort } from '../pod/container';

/**
 * A port the pods of a StatefulService use only among themselves: a cluster bus (Redis
 * Cluster's 16379), a transport between nodes (Elasticsearch's 9300), gossip, replication.
 */
export interface PeerPort {
  /**
   * The port's name on the container and the headless Service (an IANA service name: up to
   * 15 lower-case letters, digits and '-'), e.g. 'cluster-bus'. Peers find the port by DNS
   * SRV: `_<name>._<protocol>.<service>.<namespace>.svc.cluster.local`.
   */
  readonly name: string;
  /** The port the main container listens on for its peers. */
  readonly port: number;
  /** 'TCP' or 'UDP'; a port may be declared once for each. @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

const PROTOCOLS = ['TCP', 'UDP'] as const;

/**
 * Checks `peerPorts`: IANA service names, distinct from each other and from the main port's
 * name; port numbers, each declared once per protocol and never the main `port` over TCP.
 */
export function checkPeerPorts(
  where: string,
  peerPorts: readonly PeerPort[] | undefined,
  main: { readonly name: string; readonly port: number },
): Required<PeerPort>[] {
  const checked: Required<PeerPort>[] = [];
  (peerPorts ?? []).forEach((peer, i) => {
    const prop = `peerPorts[${i}]`;
    const name = checkFormat(where, `${prop}.name`, peer?.name, isValidPortName);
    const port = checkPort(where, `${prop}.port`, peer?.port);
    const protocol = checkOneOf(where, `${prop}.protocol`, peer?.protocol ?? 'TCP', PROTOCOLS);
    if (name === main.name || checked.some((p) => p.name === name))
      fail(
        where,
        `${prop}.name`,
        `is '${name}', the name of ${name === main.name ? "the main port ('portName')" : 'an earlier peer port'}`,
        'give every port its own name',
      );
    if (protocol === 'TCP' && port === main.port)
      fail(
        where,
        `${prop}.port`,
        `is ${port}, the main 'port', which peers reach already`,
        'leave it out of peerPorts, or give the peer port its own number',
      );
    if (checked.some((p) => p.port === port && p.protocol === protocol))
      fail(
        where,
        `${prop}.port`,
        `is ${port}/${protocol}, which an earlier peer port declares`,
        'declare each port and protocol once',
      );
    checked.push({ name, port, protocol });
  });
  return checked;
}
