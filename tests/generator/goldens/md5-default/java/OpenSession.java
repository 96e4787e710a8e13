// 会话: POST /session
// Java 11+, standard library only: java OpenSession.java
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

public class OpenSession {
    static final String BASE_URL = env("PAYCONTRACT_BASE_URL", "http://localhost:7000");
    static final String MERCHANT = env("PAYCONTRACT_MERCHANT", "m-1");
    static final String API_KEY = env("PAYCONTRACT_API_KEY", "k-1");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("merchant", MERCHANT);
        form.put("api_key", API_KEY);
        String url = BASE_URL + "/session";
        System.out.write(send("POST", url, null, form));
        System.out.println();
    }

    /** Send a request (form: a form body, or null) and return the response body. */
    static byte[] send(String method, String url, String token, Map<String, String> form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("access_token", token);
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
