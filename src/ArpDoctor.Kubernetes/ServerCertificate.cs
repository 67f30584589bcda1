using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ArpDoctor.Kubernetes;

/// <summary>
/// Checks the API server's certificate as kubectl does when the kubeconfig names a CA: the chain must end at that
/// CA and the certificate must name the server (its host, or <c>tls-server-name</c>). The client library's own
/// check builds the chain and lets a name mismatch through when a chain error is also reported, which would send
/// the bearer token to any server holding a certificate the cluster CA signed for another name.
/// </summary>
internal static class ServerCertificate
{
    public static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null) return false;
        // The name check is the TLS stack's (against the host, or tls-server-name as the target host); never waived.
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    /// <summary>Makes the client use <see cref="Trusted"/> when the kubeconfig names a CA and does not skip verification.</summary>
    public static void Enforce(k8s.KubernetesClientConfiguration config)
    {
        if (config.SkipTlsVerify || config.SslCaCerts is not { Count: > 0 } authorities) return;
        // Without CA certificates the library installs no callback of its own (which would replace this one).
        config.SslCaCerts = null;
        var previous = config.FirstMessageHandlerSetup;
        config.FirstMessageHandlerSetup = handler =>
        {
            previous?.Invoke(handler);
            if (handler is SocketsHttpHandler sockets)
                sockets.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, authorities);
        };
    }
}
