// 获取Token: POST /token
// Java 11+, standard library only: java GetToken.java
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

public class GetToken {
    static final String BASE_URL = env("PAYCONTRACT_BASE_URL", "http://127.0.0.1:8000/v1");
    static final String APP_ID = env("PAYCONTRACT_APP_ID", "10001");
    static final String APP_SECRET = env("PAYCONTRACT_APP_SECRET", "demo-secret-10001");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("app_id", APP_ID);
        form.put("app_secret", APP_SECRET);
        String url = BASE_URL + "/token";
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
