#!/usr/bin/env bash
# Renders deploy/ from the Helm chart, so the two never differ (a test renders again and compares):
#   deploy/arpdoctor.yaml    the chart's default render, release "arpdoctor" in namespace "arpdoctor"
#   deploy/monitoring.yaml   its ServiceMonitor and PrometheusRule, for clusters with the Prometheus Operator
#   scripts/render-deploy.sh   (fetches helm with scripts/k8s-tools.sh when needed)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
helm="$("$root/scripts/k8s-tools.sh")/helm"
header="# Generated from charts/arpdoctor by scripts/render-deploy.sh; edit the chart, not this file."
{
  echo "$header"
  "$helm" template arpdoctor "$root/charts/arpdoctor" --namespace arpdoctor
} > "$root/deploy/arpdoctor.yaml"
{
  echo "$header"
  echo "# kubectl apply -f deploy/monitoring.yaml   (needs the Prometheus Operator's CRDs)"
  "$helm" template arpdoctor "$root/charts/arpdoctor" --namespace arpdoctor \
    --set serviceMonitor.enabled=true --set prometheusRule.enabled=true \
    --api-versions monitoring.coreos.com/v1/ServiceMonitor --api-versions monitoring.coreos.com/v1/PrometheusRule \
    --show-only templates/servicemonitor.yaml --show-only templates/prometheusrule.yaml
} > "$root/deploy/monitoring.yaml"
