// The proxy is the embedded cluster's kube-proxy (src/cluster/proxy/); the local platform keeps using it from
// here: a documented, temporary exception to "nothing but cli imports cluster/", until issue 11 routes local
// runs through the cluster and this folder goes away.
export * from '../../../cluster/proxy/index.js';
