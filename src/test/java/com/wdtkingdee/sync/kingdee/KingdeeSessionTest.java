package com.wdtkingdee.sync.kingdee;

import org.junit.jupiter.api.Test;

import java.net.HttpCookie;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The session beans apart from the routes: each does its one job (the routes are in KingdeeRoutesTest). */
class KingdeeSessionTest {

    private static KingdeeSession session(KingdeeAuthMode mode, KingdeeCookies cookies) {
        return new KingdeeSession(new KingdeeClientConfig("http://erp/k3cloud/", "65a1", "wdt_sync", "pw", 2052,
                Duration.ofSeconds(1), Duration.ofSeconds(2), mode, "123456_abc", "secret", null), cookies);
    }

    private static void serverSets(KingdeeCookies cookies, String sid) throws Exception {
        HttpCookie c = new HttpCookie(KingdeeSession.SESSION_HEADER, sid);
        c.setPath("/");
        cookies.getCookieManager(null).getCookieStore().add(URI.create("http://erp/"), c);
    }

    @Test
    void needsLoginIsAPlainPredicate() {
        KingdeeSession s = session(KingdeeAuthMode.PASSWORD, new KingdeeCookies("http://erp/k3cloud/"));
        assertThat(s.needsLogin()).isTrue();
        assertThat(s.needsLogin()).as("asking twice changes nothing").isTrue();
        s.opened("sid-1");
        assertThat(s.needsLogin()).isFalse();
        assertThat(session(KingdeeAuthMode.SIGNED_HEADERS, new KingdeeCookies("http://erp/k3cloud/")).needsLogin())
                .as("signed headers never log in").isFalse();
    }

    @Test
    void aLostSessionIsDroppedOnlyWhenItIsStillTheCurrentOne() throws Exception {
        KingdeeCookies cookies = new KingdeeCookies("http://erp/k3cloud/");
        KingdeeSession s = session(KingdeeAuthMode.PASSWORD, cookies);
        s.opened("sid-2");
        s.sessionLost("sid-1");   // a writer that sent with the old session: another one logged in meanwhile
        assertThat(s.current()).isEqualTo("sid-2");
        serverSets(cookies, "sid-2");
        assertThat(cookies.sessionCookie()).isEqualTo("sid-2");
        s.sessionLost("sid-2");
        assertThat(s.hasSession()).isFalse();
        assertThat(cookies.sessionCookie()).as("the cookies go with the session").isNull();
    }

    @Test
    void statisticsCountCallsAndFailuresInARow() {
        KingdeeStatistics st = new KingdeeStatistics();
        st.count("login");
        st.count("DynamicFormService.BatchSave");
        st.count("DynamicFormService.BatchSave");
        st.failed("refused");
        st.failed("refused again");
        assertThat(st.calls()).containsEntry("login", 1L).containsEntry("DynamicFormService.BatchSave", 2L);
        assertThat(st.loginFailures()).isEqualTo(2);
        assertThat(st.lastLoginError()).isEqualTo("refused again");
        st.succeeded();
        assertThat(st.loginFailures()).isZero();
        assertThat(st.loginFailuresTotal()).isEqualTo(2);
        assertThat(st.lastLoginError()).isNull();
    }
}
