// 沙箱支付: POST /sandbox/orders/{id}/pay
// Java 11+, standard library only: java PaySandboxOrder.java
// Settings come from the environment; the defaults are the sandbox's demo app.
// PAYCONTRACT_PARAM_ID names the data to act on; unset, the sample first creates it with
// 订单创建 (POST /orders).
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class PaySandboxOrder {
    static final String BASE_URL = env("PAYCONTRACT_BASE_URL", "http://127.0.0.1:8000/v1");
    static final String APP_ID = env("PAYCONTRACT_APP_ID", "10001");
    static final String APP_SECRET = env("PAYCONTRACT_APP_SECRET", "demo-secret-10001");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> tokenForm = new LinkedHashMap<>();
        tokenForm.put("app_id", APP_ID);
        tokenForm.put("app_secret", APP_SECRET);
        String tokenAnswer = new String(send("POST", BASE_URL + "/token", null, tokenForm), StandardCharsets.UTF_8);
        Matcher tokenField = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]*)\"").matcher(tokenAnswer);
        String token = tokenField.find() ? tokenField.group(1) : "";

        String id = env("PAYCONTRACT_PARAM_ID", "");
        if (id.isEmpty()) { // none given: 订单创建 creates one
            Map<String, String> setup = new LinkedHashMap<>();
            setup.put("app_id", APP_ID);
            setup.put("pay_type", "1");
            setup.put("amount", "1000");
            setup.put("sign_type", "2");
            setup.put("sign", sign(setup, APP_SECRET, setup.get("sign_type")));
            String answer = new String(send("POST", BASE_URL + "/orders", token, setup), StandardCharsets.UTF_8);
            // the new id: data.id of the answer (objects nested beside it are skipped)
            Matcher created = Pattern.compile("\"data\"\\s*:\\s*\\{(?:[^{}]|\\{[^{}]*\\})*\"id\"\\s*:\\s*\"([^\"]*)\"").matcher(answer);
            id = created.find() ? created.group(1) : "";
        }

        Map<String, String> path = new LinkedHashMap<>();
        path.put("id", id);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("app_id", APP_ID);
        form.put("sign_type", "2");
        Map<String, String> signed = new LinkedHashMap<>();
        signed.putAll(path);
        signed.putAll(form);
        form.put("sign", sign(signed, APP_SECRET, form.get("sign_type")));
        String url = BASE_URL + "/sandbox/orders/" + encode(path.get("id")).replace("+", "%20") + "/pay";
        System.out.write(send("POST", url, token, form));
        System.out.println();
    }

    // ---- BEGIN SIGNING ----
    /** All parameters but sign and the empty ones, sorted by name, joined; then the key. */
    static String stringToSign(Map<String, String> params, String secret) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (!e.getKey().equals("sign") && !e.getValue().isEmpty()) {
                pairs.add(e.getKey() + "=" + e.getValue());
            }
        }
        return String.join("&", pairs) + "&key=" + secret;
    }

    /** The sign parameter in uppercase hex; sign_type 1: MD5, 2: HMAC-SHA256 (default 2). */
    static String sign(Map<String, String> params, String secret, String signType) throws Exception {
        byte[] message = stringToSign(params, secret).getBytes(StandardCharsets.UTF_8);
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        String type = signType == null || signType.isEmpty() ? "2" : signType;
        byte[] digest;
        switch (type) {
            case "1":
                digest = MessageDigest.getInstance("MD5").digest(message);
                break;
            case "2":
                Mac mac2 = Mac.getInstance("HmacSHA256");
                mac2.init(new SecretKeySpec(key, "HmacSHA256"));
                digest = mac2.doFinal(message);
                break;
            default:
                throw new IllegalArgumentException("unknown sign_type " + signType);
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02X", b));
        }
        return hex.toString();
    }
    // ---- END SIGNING ----

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
