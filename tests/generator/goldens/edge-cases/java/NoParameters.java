// no parameters, no body, no token, no signature: GET /health
// Java 11+, standard library only: java NoParameters.java
// Settings come from the environment; the defaults are the sandbox's demo app.
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class NoParameters {
    static final String BASE_URL = env("PAYCONTRACT_BASE_URL", "http://127.0.0.1:9000/api");
    static final String APP_ID = env("PAYCONTRACT_APP_ID", "7");
    static final String APP_SECRET = env("PAYCONTRACT_APP_SECRET", "s3cr'et $x");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        String url = BASE_URL + "/health";
        System.out.write(send("GET", url, null, null));
        System.out.println();
    }

    /** Send a request (form: a form body, or null) and return the response body. */
    static byte[] send(String method, String url, String token, Map<String, String> form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("token", token);
        }
        if (form == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded");
            request.method(method, HttpRequest.BodyPublishers.ofString(form(form)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** name=value pairs, percent-encoded as UTF-8 and joined with &. */
    static String form(Map<String, String> params) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            pairs.add(encode(e.getKey()) + "=" + encode(e.getValue()));
        }
        return String.join("&", pairs);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An environment variable, or the default when it is unset or empty. */
    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
