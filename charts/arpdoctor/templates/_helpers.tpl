{{/* The chart's name, as its objects' app.kubernetes.io/name. */}}
{{- define "arpdoctor.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped base name: two releases never render the same cluster-wide name (the ClusterRole). */}}
{{- define "arpdoctor.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The agent's objects: DaemonSet, ServiceAccount, ClusterRole and its binding, ServiceMonitor. */}}
{{- define "arpdoctor.agent" -}}
{{- printf "%s-agent" (include "arpdoctor.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "arpdoctor.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "arpdoctor.selectorLabels" -}}
app.kubernetes.io/name: {{ include "arpdoctor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: agent
{{- end -}}

{{- define "arpdoctor.labels" -}}
helm.sh/chart: {{ include "arpdoctor.chart" . }}
{{ include "arpdoctor.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* agent.interface as a list: a YAML list, or one string with commas (eth0,eth1). */}}
{{- define "arpdoctor.interfaces" -}}
{{- $v := .Values.agent.interface -}}
{{- $list := list -}}
{{- if kindIs "slice" $v -}}{{- $list = $v -}}{{- else if $v -}}{{- $list = splitList "," (toString $v) -}}{{- end -}}
{{- range $list }}{{- if trim (toString .) }}
- --interface
- {{ trim (toString .) | quote }}
{{- end }}{{- end -}}
{{- end -}}
