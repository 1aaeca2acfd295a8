import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnSecurityGroup, CfnSecurityGroupIngress } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance, NagRules } from '../nag-core';

/** One inbound rule, as a security group or a standalone ingress resource declares it. */
interface Ingress {
  readonly ipProtocol?: string;
  readonly cidrIp?: string;
  readonly cidrIpv6?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
}

/**
 * The inbound rules of a security group or a standalone ingress resource; undefined for any other
 * resource. Inline rules are resolved one by one, so a token in one rule does not hide the others.
 */
function ingressRules(node: CfnResource): Ingress[] | undefined {
  if (node instanceof CfnSecurityGroup) {
    const rules = Stack.of(node).resolve(node.securityGroupIngress) ?? [];
    return (Array.isArray(rules) ? rules : []).map((rule: any) => primitives(node, Stack.of(node).resolve(rule)));
  }
  if (node instanceof CfnSecurityGroupIngress) {
    return [primitives(node, node)];
  }
  return undefined;
}

function primitives(node: CfnResource, rule: any): Ingress {
  return {
    ipProtocol: NagRules.resolveIfPrimitive(node, rule.ipProtocol),
    cidrIp: NagRules.resolveIfPrimitive(node, rule.cidrIp),
    cidrIpv6: NagRules.resolveIfPrimitive(node, rule.cidrIpv6),
    fromPort: NagRules.resolveIfPrimitive(node, rule.fromPort),
    toPort: NagRules.resolveIfPrimitive(node, rule.toPort),
  };
}

/** A /0 prefix is the whole address space whatever the address before it (0.0.0.0/0, ::/0). */
function fromAnywhere(rule: Ingress): boolean {
  return [rule.cidrIp, rule.cidrIpv6].some(cidr => typeof cidr === 'string' && cidr.endsWith('/0'));
}

/**
 * Protocol -1 (all traffic) opens every port; TCP and UDP (by name or number) the ports FromPort to
 * ToPort; other protocols (ICMP) none. EC2 takes -1 as "every port" only with protocol -1 or ICMP.
 */
function opensPort(rule: Ingress, port: number): boolean {
  const protocol = String(rule.ipProtocol ?? '').toLowerCase();
  if (protocol === '-1') {
    return true;
  }
  if (!['tcp', '6', 'udp', '17'].includes(protocol)) {
    return false;
  }
  return Number(rule.fromPort) <= port && port <= Number(rule.toPort);
}

/**
 * NON_COMPLIANT when a security group (or a standalone ingress rule) lets any IPv4 or IPv6 address
 * reach one of `ports`; NOT_APPLICABLE for other resources.
 */
export function openToTheWorld(node: CfnResource, ports: number[]): NagRuleCompliance {
  const rules = ingressRules(node);
  if (rules === undefined) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const open = rules.some(rule => fromAnywhere(rule) && ports.some(port => opensPort(rule, port)));
  return open ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}
